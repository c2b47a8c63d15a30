from .sitemap import register, sitemap_files

__all__ = ["register", "sitemap_files"]
