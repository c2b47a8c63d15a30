"""Moved to tests/support/html.py; this name stays for test modules not yet changed over (test_bench.py)."""

from tests.support.html import html_pages, one, page, parse, text, url_of

__all__ = ["html_pages", "one", "page", "parse", "text", "url_of"]
