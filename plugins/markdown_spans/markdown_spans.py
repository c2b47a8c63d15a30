"""Markdown syntax for a phrase in another language: `[Letter of intent]{lang=en}`.

Renders `<span lang="en">Letter of intent</span>` (WCAG 3.1.2). Adds a Python-Markdown inline
extension to the MARKDOWN settings on `initialized`.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor
from pelican import signals

LANG_SPAN_PATTERN = r"\[([^\]\n]+)\]\{:?\s*lang=[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)[\"']?\s*\}"
# Above Python-Markdown's link pattern (160), so `[...]` is not taken for a reference link.
PRIORITY = 175


class LangSpanProcessor(InlineProcessor):
    def handleMatch(self, m: re.Match, data: str):  # noqa: N802 (Python-Markdown API)
        span = ElementTree.Element("span", {"lang": m.group(2)})
        span.text = m.group(1)
        return span, m.start(0), m.end(0)


class LangSpanExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown API)
        md.inlinePatterns.register(LangSpanProcessor(LANG_SPAN_PATTERN, md), "lang_span", PRIORITY)


def add_extension(pelican) -> None:
    extensions = pelican.settings["MARKDOWN"].setdefault("extensions", [])
    # The i18n subsites share the main site's MARKDOWN dict: add the extension once.
    if not any(isinstance(extension, LangSpanExtension) for extension in extensions):
        extensions.append(LangSpanExtension())


def register() -> None:
    signals.initialized.connect(add_extension)
