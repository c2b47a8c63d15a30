from .urls import absolute_url, join_url, main_siteurl, published_url, register, site_url

__all__ = ["absolute_url", "join_url", "main_siteurl", "published_url", "register", "site_url"]
