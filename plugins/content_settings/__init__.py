from .content_settings import register

__all__ = ["register"]
