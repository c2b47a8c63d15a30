from .news_list import register

__all__ = ["register"]
