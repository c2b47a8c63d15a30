from .markdown_spans import LangSpanExtension, register

# What plugins/markdown_store adds to Python-Markdown for this plugin when the content check converts first.
MARKDOWN_EXTENSION = LangSpanExtension

__all__ = ["MARKDOWN_EXTENSION", "register"]
