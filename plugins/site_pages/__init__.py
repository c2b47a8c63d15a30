from .site_pages import register

__all__ = ["register"]
