from .compress import precompress
from .fingerprint import is_fingerprinted
from .production import register

__all__ = ["is_fingerprinted", "precompress", "register"]
