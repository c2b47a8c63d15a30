from .write_languages import register

__all__ = ["register"]
