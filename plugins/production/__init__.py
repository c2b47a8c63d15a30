from .fingerprint import is_fingerprinted
from .production import finish_after_search, register

__all__ = ["finish_after_search", "is_fingerprinted", "register"]
