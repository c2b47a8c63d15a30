"""One content file as an editor wrote it: metadata with line numbers, then the body.

Parsed the way Python-Markdown's `meta` extension (which Pelican's Markdown reader uses) reads it,
but keeping line numbers and the lines that end the metadata by mistake, so that every problem can
name its line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from plugins.events.model import TRANSLATED_KEYS

from . import markdown_scan as scan

# What `invoke new` writes where an editor still has to write something; allowed only in drafts.
PLACEHOLDER = "TODO"
PLACEHOLDER_PATTERN = re.compile(r"\bTODO\b")

# Python-Markdown's meta extension: `Key: value`, continuation lines indented by four spaces.
_META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
_YAML_BEGIN = re.compile(r"^-{3}(\s.*)?$")
_YAML_END = re.compile(r"^(-{3}|\.{3})(\s.*)?$")

HASH_LENGTH = 12
# What a translator translates, in this order ("Text" is the body): a translation's Original_hash covers
# exactly these, so changing the list changes every recorded hash; `invoke translations --diff` shows them.
TEXT = "Text"
TRANSLATED_FIELDS = ("Title", "Summary", TEXT, *TRANSLATED_KEYS, "Image_alt", "Image_caption")


@dataclass
class Field:
    """One metadata field: the key as written, its value (continuation lines joined) and its line."""

    name: str
    value: str
    line: int


@dataclass
class Document:
    """A content file: its metadata fields (by lowercase key), body lines and where the body starts."""

    path: Path
    kind: str  # "article" or "page"
    fields: dict[str, Field] = field(default_factory=dict)
    duplicates: list[Field] = field(default_factory=list)
    # The first line that ended the metadata without a blank line before it (line number, text).
    stray_line: tuple[int, str] | None = None
    # `Key: value` lines below the stray line: text to Markdown, though the editor meant them as metadata.
    after_stray: dict[str, Field] = field(default_factory=dict)
    # Empty lines before the metadata: Markdown then reads none of it. Parsed as if they were not there.
    leading_blank_lines: int = 0
    body_start: int = 1
    body_lines: list[str] = field(default_factory=list)
    # Set when the file is not UTF-8: (line, offending byte); nothing else is read then.
    encoding_error: tuple[int, int] | None = None
    # The whole text, newlines made "\n" as Pelican's reader reads it.
    source: str = ""

    def value(self, key: str) -> str | None:
        """The stripped value of a field, or None when the field is absent."""
        found = self.fields.get(key.lower())
        return found.value.strip() if found else None

    def line(self, key: str) -> int | None:
        found = self.fields.get(key.lower())
        return found.line if found else None

    @property
    def body(self) -> str:
        return "\n".join(self.body_lines)

    # The body as the checks and the media step scan it, worked out once per file (a body never changes once read).
    @cached_property
    def masked_body(self) -> str:
        """The body with code, comments and escapes blanked out (markdown_scan.mask)."""
        return scan.mask(self.body)

    @cached_property
    def body_line_index(self) -> scan.LineIndex:
        return scan.LineIndex(self.masked_body, self.body_start)

    @cached_property
    def body_links(self) -> tuple[list[scan.Link], str]:
        """Every link and embedded resource of the body, and the masked body without them (markdown_scan.links)."""
        return scan.links(self.masked_body, self.body_line_index)

    @cached_property
    def static_links(self) -> list[str]:
        """The `{static}` addresses the body links to or shows (the media step publishes the files they name)."""
        return [link.url for link in self.body_links[0] if link.url.startswith("{static}")]

    def forget_scan(self) -> None:
        """Once the file's own checks are done: keep its `static_links`, let go of the rest of the scan (the size
        of the body, twice, for every file of the site otherwise)."""
        _ = self.static_links
        for name in ("masked_body", "body_line_index", "body_links"):
            self.__dict__.pop(name, None)

    @property
    def lang(self) -> str | None:
        return self.value("lang") or None

    @property
    def key(self) -> str | None:
        return self.value("key") or None

    @property
    def status(self) -> str | None:
        return (self.value("status") or "").lower() or None

    @property
    def name_lang(self) -> str | None:
        """The language the file name declares: `x.sv.md` → "sv"."""
        parts = self.path.name.split(".")
        return parts[-2] if len(parts) >= 3 else None


def read_document(path: Path, kind: str) -> Document:
    """Read a content file; a file that is not UTF-8 gives a Document with `encoding_error` set."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Document(path=path, kind=kind, encoding_error=(line, raw[error.start]))
    return parse_document(text, path, kind)


def parse_document(text: str, path: Path, kind: str) -> Document:
    """Split text into metadata fields and body lines, as Python-Markdown's meta extension does."""
    # The text as Pelican reads it (universal newlines): what Markdown converts (plugins/markdown_store).
    source = text.replace("\r\n", "\n").replace("\r", "\n")
    doc = Document(path=path, kind=kind, source=source)
    lines = source.split("\n")
    index = 0
    while index < len(lines) - 1 and not lines[index].strip():
        index += 1
    if index and _META_LINE.match(lines[index]):
        doc.leading_blank_lines = index
    else:
        index = 0
    if lines and _YAML_BEGIN.match(lines[index]):
        index += 1
    current: Field | None = None
    while index < len(lines):
        line = lines[index]
        if line.strip() == "" or _YAML_END.match(line):
            index += 1
            break
        meta = _META_LINE.match(line)
        if meta:
            current = Field(meta.group("key"), meta.group("value").strip(), index + 1)
            key = current.name.lower()
            if key in doc.fields:
                doc.duplicates.append(current)
            else:
                doc.fields[key] = current
        else:
            more = _META_MORE.match(line)
            if more and current is not None:
                current.value = f"{current.value} {more.group('value').strip()}".strip()
            else:
                # The metadata ends here without a blank line: this line is body text to Markdown.
                if doc.fields:
                    doc.stray_line = (index + 1, line)
                    _note_fields_after(doc, lines, index + 1)
                break
        index += 1
    doc.body_start = index + 1
    doc.body_lines = lines[index:]
    return doc


def _note_fields_after(doc: Document, lines: list[str], start: int) -> None:
    """Record the `Key: value` lines that follow a stray line, up to the first blank line."""
    for number in range(start, len(lines)):
        if not lines[number].strip():
            return
        meta = _META_LINE.match(lines[number])
        if meta:
            doc.after_stray.setdefault(
                meta.group("key").lower(), Field(meta.group("key"), meta.group("value"), number + 1)
            )


def translated_parts(doc: Document) -> dict[str, str]:
    """What a translator translates (TRANSLATED_FIELDS), as written; an absent field is empty."""
    return {name: doc.body if name == TEXT else doc.value(name) or "" for name in TRANSLATED_FIELDS}


def normalised_text(doc: Document) -> str:
    """The words a translator translates, whitespace runs made one space."""
    # Absent fields add nothing: the hashes of items without them stay as they were.
    return " ".join(" ".join(translated_parts(doc).values()).split())


def text_hash(doc: Document) -> str:
    """Short hash of the normalised text: what a translation records as `Original_hash`."""
    return hashlib.sha256(normalised_text(doc).encode("utf-8")).hexdigest()[:HASH_LENGTH]
