from .markdown_spans import register

__all__ = ["register"]
