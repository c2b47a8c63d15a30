from .language_links import register

__all__ = ["register"]
