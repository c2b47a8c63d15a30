"""Minified HTML and CSS with minify-html, keeping every page valid HTML (the Nu checker passes)."""

from __future__ import annotations

from pathlib import Path

import minify_html

# minify-html's spec-compliance options, spelled out: attribute values stay quoted where the spec
# asks, spaces between attributes and the full doctype stay, entities are not shortened into
# forms the spec forbids. Opening <html>/<head> and closing tags stay too: <html lang> is kept
# whatever minify-html decides, and other tools (Pagefind, lxml) read the pages as written.
HTML_OPTIONS = {
    "allow_noncompliant_unquoted_attribute_values": False,
    "allow_optimal_entities": False,
    "allow_removing_spaces_between_attributes": False,
    "minify_doctype": False,
    "keep_closing_tags": True,
    "keep_html_and_head_opening_tags": True,
    "keep_comments": False,
    "minify_css": True,
    # No executable inline script exists (strict CSP); JSON-LD data blocks are left exactly as written.
    "minify_js": False,
    "remove_bangs": False,
    "remove_processing_instructions": False,
}
_STYLE_OPEN, _STYLE_CLOSE = "<style>", "</style>"


def minify_page(html: str) -> str:
    return minify_html.minify(html, **HTML_OPTIONS)


def minify_stylesheet(css: str, path: Path) -> str:
    """A stylesheet minified by minify-html's CSS minifier (it minifies CSS inside <style>)."""
    if _STYLE_CLOSE in css.lower():
        raise ValueError(f"{path}: the stylesheet contains {_STYLE_CLOSE!r} and cannot be minified — remove it")
    minified = minify_html.minify(f"{_STYLE_OPEN}{css}{_STYLE_CLOSE}", minify_css=True)
    if not (minified.startswith(_STYLE_OPEN) and minified.endswith(_STYLE_CLOSE)):
        raise ValueError(f"{path}: minify-html did not return the stylesheet as a <style> element")
    return minified[len(_STYLE_OPEN) : -len(_STYLE_CLOSE)]


def minify_tree(output: Path) -> int:
    """Minify every HTML page and stylesheet under `output` in place; return how many files changed."""
    count = 0
    for path in sorted(output.rglob("*")):
        if path.suffix == ".html":
            minified = minify_page(path.read_text(encoding="utf-8"))
        elif path.suffix == ".css":
            minified = minify_stylesheet(path.read_text(encoding="utf-8"), path)
        else:
            continue
        path.write_text(minified, encoding="utf-8")
        count += 1
    return count
