"""Render a body as the build does and refuse any unsafe markup in the result, naming the nearest source line.

The source scan (markdown_scan) sees what an editor wrote; what a browser runs is the HTML that
Python-Markdown makes of it, with the site's extensions (MARKDOWN in the settings and the
`[text]{lang=xx}` spans of plugins/markdown_spans). That HTML is read with lxml (html_safety), so
markup the source scan cannot see (`<svg/onload=...>`, `&#106;avascript:`, `{: onclick=...}`) is
refused all the same.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from . import markdown_scan as scan
from .content_index import ContentIndex
from .document import Document
from .html_safety import FORBIDDEN_ELEMENTS, Finding, unsafe_markup, url_scheme
from .problem import Problem

_EMBED_FIX = "remove it and link to the video, map or document instead: [Se videon](https://...)"
ELEMENT_FIXES = {
    "script": "remove it: scripts are not allowed in content (the site runs under a strict security policy)",
    "style": "remove it: the look of the site comes from the theme",
    "embed": _EMBED_FIX,
    "form": "remove it: link to the form on the service that hosts it instead",
    "drawing": "remove it: save the picture as a file in content/images/ and show it with ![description]({static}/images/<file>)",
    "page": "remove it: the theme writes the page around the text, which holds only the text itself",
}
_UNSAFE_URL_FIX = "remove it: only web addresses, mailto: and tel: links are allowed"


def rendered_texts(doc: Document, index: ContentIndex) -> list[tuple[str, str, int]]:
    """(source, HTML, first line) of the body and the summary, converted as Pelican's reader converts them.

    The conversions come from the shared store (plugins/markdown_store): Pelican takes them from there for every
    language instead of converting the file again.
    """
    from plugins.markdown_store import shared_store

    store = shared_store(index.settings)
    html, meta = store.file(doc.source)
    texts = [(doc.body, html, doc.body_start)]
    formatted = [name for name in index.settings.get("FORMATTED_FIELDS", ["summary"]) if name in meta]
    for name in formatted:
        field_html = store.field("\n".join(meta[name]))
        found = doc.fields.get(name)
        if name == "summary" and found is not None:
            texts.append((found.value, field_html, found.line))
    return texts


def _source_lines(text: str, line_index: scan.LineIndex, finding: Finding) -> list[int]:
    """Lines of the source where the finding may come from, best guesses first, in the order they occur."""
    masked = scan.mask(text)
    tags = list(scan.start_tags(masked))
    candidates: list[int] = []
    for start, _end, name, attributes in tags:
        if name != finding.element:
            continue
        if finding.kind == "element" or (
            finding.attribute in attributes
            and (finding.kind != "url" or url_scheme(attributes[finding.attribute] or "") == finding.scheme)
        ):
            candidates.append(line_index.line(start))
    if candidates:
        return candidates
    if finding.kind == "url":
        found, _rest = scan.links(masked, line_index)
        candidates = [link.line for link in found if url_scheme(link.url) == finding.scheme]
        if candidates:
            return candidates
        needle = rf"{finding.scheme}\s*(?::|&colon;|&#0*58;|&#x0*3a;)"
    elif finding.kind == "element":
        needle = rf"<\s*{finding.element}(?![\w-])"
    else:
        needle = rf"(?<![\w-]){re.escape(finding.attribute or '')}\s*="
    candidates = [line_index.line(match.start()) for match in re.finditer(needle, masked, re.IGNORECASE)]
    if not candidates and finding.kind == "url":
        # An address spelt with character references: the attribute it is in.
        candidates = [
            line_index.line(match.start())
            for match in re.finditer(rf"(?<![\w-]){finding.attribute}\s*=|\]\(", masked, re.IGNORECASE)
        ]
    return candidates


def _problem(doc: Document, line: int | None, source: str, finding: Finding) -> Problem:
    in_braces = bool(re.search(r"\{:?[^}\n]*" + re.escape(finding.attribute or "~") + r"\s*=", source, re.I))
    if finding.kind == "element":
        return Problem(
            doc.path, line, f"raw <{finding.element}> in the text", ELEMENT_FIXES[FORBIDDEN_ELEMENTS[finding.element]]
        )
    if finding.kind == "handler":
        fix = (
            f"remove {finding.attribute}=... from the braces"
            if in_braces
            else f'remove the {finding.attribute}="..." attribute'
        )
        return Problem(doc.path, line, f"<{finding.element}> has an event handler {finding.attribute}=", fix)
    if finding.kind == "style":
        fix = (
            "remove style=... from the braces: the theme sets the look"
            if in_braces
            else 'remove the style="..." attribute: the security policy blocks it and the theme sets the look'
        )
        return Problem(doc.path, line, f"<{finding.element}> has an inline style=", fix)
    if finding.element == "a" and finding.attribute == "href":
        what = "link to"
    elif finding.element == "img" and finding.attribute in ("src", "srcset"):
        what = "image from"
    else:
        what = f"<{finding.element}> {finding.attribute}= with"
    return Problem(doc.path, line, f"{what} a {finding.scheme}: address", _UNSAFE_URL_FIX)


def check_rendered(doc: Document, index: ContentIndex) -> Iterator[Problem]:
    """Render the body (and the summary) as the build does; refuse what could run code or restyle the page."""
    for text, html, first_line in rendered_texts(doc, index):
        line_index = scan.LineIndex(text, first_line)
        lines = text.split("\n")
        seen: Counter[Finding] = Counter()
        for finding in unsafe_markup(html):
            candidates = _source_lines(text, line_index, finding)
            # The second <script> is most likely on the line of the second "<script" in the source.
            line = candidates[min(seen[finding], len(candidates) - 1)] if candidates else None
            seen[finding] += 1
            source = lines[line - first_line] if line is not None and 0 <= line - first_line < len(lines) else ""
            yield _problem(doc, line, source, finding)
