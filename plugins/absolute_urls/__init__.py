from .absolute_urls import absolute_url, published_url, register

__all__ = ["absolute_url", "published_url", "register"]
