from .internal_links import register

__all__ = ["register"]
