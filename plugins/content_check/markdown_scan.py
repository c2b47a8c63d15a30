"""Find what matters in a Markdown body without rendering it: links, images, raw HTML, headings.

Works on the source text so that each finding keeps its line. Code (fenced blocks, `inline code`),
HTML comments and backslash-escaped characters are blanked out first: they are shown as text, never
run or linked.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape

# Elements that load something into the page (another host's image, video or page).
EMBED_TAGS = {"img", "video", "audio", "source", "track", "picture", "embed", "object", "iframe", "frame", "input"}

_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ESCAPE = re.compile(r"\\[\\`*_{}\[\]()#+\-.!<>|:\"']")

_TEXT = r"((?:[^\[\]]|\[[^\[\]]*\](?:\{[^}\n]*\})?)*)"
# Python-Markdown also takes an address with spaces (and no title) whole: `(my photo.png)`.
_DESTINATION = r"(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*|[^\s()<>\"'][^()<>\n\"']*?)"
_TITLE = r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?"
INLINE_LINK = re.compile(r"(!?)\[" + _TEXT + r"\]\(\s*" + _DESTINATION + _TITLE + r"\s*\)")
REFERENCE_LINK = re.compile(r"(!?)\[" + _TEXT + r"\][ ]?\[([^\]\n]*)\]")
REFERENCE_DEFINITION = re.compile(r"^[ ]{0,3}\[([^\]\n]+)\]:[ \t]*<?([^\s>]+)>?.*$", re.MULTILINE)
# An image marked as decorative (attr_list): `![]({static}/images/x.png){: .decorative}` has an empty alt on purpose.
DECORATIVE = re.compile(r"\{:?[ \t]*\.decorative[ \t]*\}")
AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s<>]+|mailto:[^\s<>]+|[^\s<>@:/]+@[^\s<>@]+\.[^\s<>@]+)>")
# The start of a raw HTML start tag; its attributes are read as a browser reads them (`start_tags()`).
_TAG_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])")
_SPACE = " \t\n\r\f"
BARE_URL = re.compile(r"(?<![\w/@.])(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"”]")
ATX_HEADING = re.compile(r"^(#{1,6})(?!#)(.*)$")
SETEXT_UNDERLINE = re.compile(r"^(=+|-+)[ ]*$")
HTML_HEADING = re.compile(r"<h([1-6])\b", re.IGNORECASE)
LIST_OR_QUOTE = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|>|:)")


@dataclass
class Link:
    """A link or an embedded resource found in the body."""

    line: int
    url: str
    text: str | None  # link text, or alt text for images; None where the markup has none
    image: bool = False  # Markdown image or <img>
    tag: str | None = None  # the HTML element, for raw HTML; None for Markdown syntax
    autolink: bool = False
    decorative: bool = False  # an image marked `{: .decorative}`: its empty alt is meant

    @property
    def embeds(self) -> bool:
        """True when the page loads the URL itself (an image or embed), rather than linking to it."""
        return self.image or (self.tag in EMBED_TAGS)


@dataclass
class Tag:
    """A raw HTML start tag: element name, attributes (lowercase name → unescaped value) and line."""

    line: int
    name: str
    attributes: dict[str, str | None]


def _blank(match: re.Match) -> str:
    """Replace a match by spaces, keeping its newlines so that line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def mask(body: str) -> str:
    """Blank out code, HTML comments and escaped characters; the result has the body's line layout."""
    lines = body.split("\n")
    fence: str | None = None
    for number, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
            lines[number] = ""
        elif fence is not None:
            if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
                fence = None
            lines[number] = ""
    text = "\n".join(lines)
    text = _COMMENT.sub(_blank, text)
    text = _ESCAPE.sub(_blank, text)
    return _INLINE_CODE.sub(_blank, text)


class LineIndex:
    """Turn offsets in the body into line numbers of the file."""

    def __init__(self, text: str, first_line: int) -> None:
        self._starts = [0] + [match.end() for match in re.finditer(r"\n", text)]
        self._first = first_line

    def line(self, offset: int) -> int:
        return self._first + bisect.bisect_right(self._starts, offset) - 1


def _destination(raw: str) -> str:
    raw = raw.strip()
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    return unescape(raw.strip())


def start_tags(text: str) -> Iterator[tuple[int, int, str, dict[str, str | None]]]:
    """Raw HTML start tags as (start, end, element, attributes), read the way the HTML standard
    tokenizes them: attributes end at a space, `/` or `>` (`<img/src="x"/onerror=...>` has two),
    names are lowercase, values have their character references decoded."""
    position = 0
    while match := _TAG_START.search(text, position):
        attributes: dict[str, str | None] = {}
        index, end = match.end(), None
        while index < len(text):
            char = text[index]
            if char in _SPACE or char == "/":
                index += 1
                continue
            if char == ">":
                end = index + 1
                break
            name_end = index + 1
            while name_end < len(text) and text[name_end] not in _SPACE + "/>=":
                name_end += 1
            name, value = text[index:name_end].lower(), None
            index = name_end
            while index < len(text) and text[index] in _SPACE:
                index += 1
            if index < len(text) and text[index] == "=":
                index += 1
                while index < len(text) and text[index] in _SPACE:
                    index += 1
                if index < len(text) and text[index] in "\"'":
                    closing = text.find(text[index], index + 1)
                    if closing == -1:
                        break  # never closed: the rest of the text is inside the tag, which a browser drops
                    value, index = text[index + 1 : closing], closing + 1
                else:
                    value_end = index
                    while value_end < len(text) and text[value_end] not in _SPACE + ">":
                        value_end += 1
                    value, index = text[index:value_end], value_end
            attributes.setdefault(name, unescape(value) if value is not None else None)
        if end is None:
            position = match.end()
            continue
        yield match.start(), end, match.group(1).lower(), attributes
        position = end


def html_tags(masked: str, index: LineIndex) -> list[Tag]:
    return [Tag(index.line(start), name, attributes) for start, _end, name, attributes in start_tags(masked)]


def links(masked: str, index: LineIndex) -> tuple[list[Link], str]:
    """All links and embedded resources, and the text left when they are blanked out."""
    found: list[Link] = []
    rest = masked
    definitions = {
        match.group(1).strip().lower(): _destination(match.group(2)) for match in REFERENCE_DEFINITION.finditer(masked)
    }
    for match in REFERENCE_DEFINITION.finditer(masked):
        rest = rest[: match.start()] + _blank(match) + rest[match.end() :]
    for match in INLINE_LINK.finditer(masked):
        decorative = bool(match.group(1)) and DECORATIVE.match(masked, match.end()) is not None
        found.append(
            Link(
                index.line(match.start()),
                _destination(match.group(3)),
                match.group(2),
                bool(match.group(1)),
                decorative=decorative,
            )
        )
        rest = rest[: match.start()] + _blank(match) + rest[match.end() :]
    for match in REFERENCE_LINK.finditer(rest):
        label = (match.group(3) or match.group(2)).strip().lower()
        if label in definitions:
            found.append(Link(index.line(match.start()), definitions[label], match.group(2), bool(match.group(1))))
            rest = rest[: match.start()] + _blank(match) + rest[match.end() :]
    for match in AUTOLINK.finditer(rest):
        found.append(Link(index.line(match.start()), match.group(1), match.group(1), autolink=True))
        rest = rest[: match.start()] + _blank(match) + rest[match.end() :]
    for tag in html_tags(rest, index):
        for attribute in ("href", "src", "data", "poster", "action", "formaction"):
            value = tag.attributes.get(attribute)
            if value is not None:
                text = tag.attributes.get("alt") if tag.name == "img" else None
                found.append(Link(tag.line, value.strip(), text, image=tag.name == "img", tag=tag.name))
        for candidate in (tag.attributes.get("srcset") or "").split(","):
            if candidate.strip():
                found.append(Link(tag.line, candidate.split()[0], tag.attributes.get("alt"), tag=tag.name))
    for start, end, _name, _attributes in list(start_tags(rest)):
        rest = rest[:start] + re.sub(r"[^\n]", " ", rest[start:end]) + rest[end:]
    found.sort(key=lambda link: link.line)
    return found, rest


def bare_urls(rest: str, index: LineIndex) -> list[tuple[int, str]]:
    """Addresses written as plain text (outside any link)."""
    return [(index.line(match.start()), match.group(0)) for match in BARE_URL.finditer(rest)]


def headings(masked: str, first_line: int) -> list[tuple[int, int, str]]:
    """Every heading as (line, level, text): `#` lines, underlined lines and <h1>–<h6> tags."""
    found = []
    lines = masked.split("\n")
    for number, line in enumerate(lines):
        atx = ATX_HEADING.match(line)
        if atx:
            found.append((first_line + number, len(atx.group(1)), atx.group(2).strip(" #")))
            continue
        underline = SETEXT_UNDERLINE.match(line)
        previous = lines[number - 1] if number else ""
        # Only the first line of a paragraph can be underlined into a heading.
        before = lines[number - 2] if number >= 2 else ""
        if (
            underline
            and number
            and previous.strip()
            and not before.strip()
            and not LIST_OR_QUOTE.match(previous)
            and not ATX_HEADING.match(previous)
        ):
            found.append((first_line + number - 1, 1 if underline.group(1)[0] == "=" else 2, previous.strip()))
        for tag in HTML_HEADING.finditer(line):
            found.append((first_line + number, int(tag.group(1)), ""))
    return found
