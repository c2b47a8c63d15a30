from .babel_dates import register

__all__ = ["register"]
