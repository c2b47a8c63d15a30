"""Read a WordPress export (WXR 1.0–1.2, as "Tools → Export" writes it) with lxml into plain records.

Only what the import uses is kept: the site's address, terms (categories, Polylang's languages and
translation groups), and each item's fields, categories and post meta. Authors, their e-mail addresses
and comments are counted, never kept.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lxml import etree

from . import phpserial

NAMESPACES = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/{version}/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/{version}/",
}
VERSIONS = ("1.2", "1.1", "1.0")


class ExportError(Exception):
    """The file is not a WordPress export the importer can read; the message says why and what to do."""


@dataclass(frozen=True)
class Term:
    """A `wp:term` (or `wp:category`): taxonomy, slug, name, description."""

    taxonomy: str
    slug: str
    name: str
    description: str
    term_id: int

    def serialized(self) -> object:
        """The description read as PHP-serialized data (Polylang keeps its data there), or None."""
        if not phpserial.is_serialized(self.description):
            return None
        try:
            return phpserial.loads(self.description)
        except phpserial.PHPSerialError:
            return None


@dataclass
class Item:
    """One `<item>`: a post, page, attachment, reusable block, menu item, revision..."""

    post_id: int
    post_type: str
    status: str
    title: str
    link: str
    guid: str
    content: str
    excerpt: str
    post_name: str
    post_date: datetime | None
    post_date_gmt: datetime | None
    post_modified: datetime | None
    parent: int
    menu_order: int
    password: str
    attachment_url: str
    # (domain, nicename, name) of every <category> element: categories, tags, language, post_translations...
    terms: list[tuple[str, str, str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: int = 0

    def terms_in(self, domain: str) -> list[tuple[str, str]]:
        """(nicename, name) of the item's terms in one taxonomy."""
        return [(slug, name) for kind, slug, name in self.terms if kind == domain]

    @property
    def thumbnail_id(self) -> int | None:
        value = self.meta.get("_thumbnail_id", "").strip()
        return int(value) if value.isdigit() else None


@dataclass
class Export:
    """A whole export: the site's address and language, its terms and items, and what was counted."""

    path: Path
    version: str
    site_url: str
    blog_url: str
    language: str
    generator: str
    terms: list[Term]
    items: list[Item]
    authors: int

    def items_of(self, *post_types: str) -> list[Item]:
        return [item for item in self.items if item.post_type in post_types]

    def terms_of(self, taxonomy: str) -> list[Term]:
        return [term for term in self.terms if term.taxonomy == taxonomy]

    def by_id(self) -> dict[int, Item]:
        return {item.post_id: item for item in self.items}


def _date(text: str) -> datetime | None:
    text = text.strip()
    if not text or text.startswith("0000-00-00"):
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _int(text: str) -> int:
    text = text.strip()
    return int(text) if text.lstrip("-").isdigit() else 0


def read_export(path: Path) -> Export:
    """Parse the export at `path`; raise ExportError when it is not a WXR file."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, strip_cdata=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except OSError as error:
        raise ExportError(f"cannot read {path}: {error}") from None
    except etree.XMLSyntaxError as error:
        raise ExportError(
            f"{path}:{error.lineno}: not well-formed XML ({error.msg}) — export the site again with"
            " Tools → Export → All content; do not edit the file by hand"
        ) from None
    version = next((v for v in VERSIONS if NAMESPACES["wp"].format(version=v) in root.nsmap.values()), None)
    channel = root.find("channel")
    if root.tag != "rss" or channel is None or version is None:
        raise ExportError(
            f"{path} is not a WordPress export (no <rss><channel> with the wp: namespace) — make one with"
            " Tools → Export → All content in the WordPress admin"
        )
    ns = {key: value.format(version=version) for key, value in NAMESPACES.items()}

    def text(element, name: str) -> str:
        found = element.find(name, ns)
        return (found.text or "") if found is not None else ""

    terms = []
    for element in channel.findall("wp:category", ns):
        terms.append(
            Term(
                "category",
                text(element, "wp:category_nicename"),
                html.unescape(text(element, "wp:cat_name")),
                text(element, "wp:category_description"),
                _int(text(element, "wp:term_id")),
            )
        )
    for element in channel.findall("wp:tag", ns):
        terms.append(
            Term(
                "post_tag",
                text(element, "wp:tag_slug"),
                html.unescape(text(element, "wp:tag_name")),
                text(element, "wp:tag_description"),
                _int(text(element, "wp:term_id")),
            )
        )
    for element in channel.findall("wp:term", ns):
        terms.append(
            Term(
                text(element, "wp:term_taxonomy"),
                text(element, "wp:term_slug"),
                html.unescape(text(element, "wp:term_name")),
                text(element, "wp:term_description"),
                _int(text(element, "wp:term_id")),
            )
        )
    items = []
    for element in channel.findall("item"):
        meta = {}
        for entry in element.findall("wp:postmeta", ns):
            meta[text(entry, "wp:meta_key")] = text(entry, "wp:meta_value")
        items.append(
            Item(
                post_id=_int(text(element, "wp:post_id")),
                post_type=text(element, "wp:post_type").strip(),
                status=text(element, "wp:status").strip(),
                title=text(element, "title"),
                link=text(element, "link").strip(),
                guid=text(element, "guid").strip(),
                content=text(element, "content:encoded"),
                excerpt=text(element, "excerpt:encoded"),
                post_name=text(element, "wp:post_name").strip(),
                post_date=_date(text(element, "wp:post_date")),
                post_date_gmt=_date(text(element, "wp:post_date_gmt")),
                post_modified=_date(text(element, "wp:post_modified")),
                parent=_int(text(element, "wp:post_parent")),
                menu_order=_int(text(element, "wp:menu_order")),
                password=text(element, "wp:post_password"),
                attachment_url=text(element, "wp:attachment_url").strip(),
                terms=[
                    (entry.get("domain", ""), entry.get("nicename", ""), html.unescape(entry.text or ""))
                    for entry in element.findall("category")
                ],
                meta=meta,
                comments=len(element.findall("wp:comment", ns)),
            )
        )
    return Export(
        path=Path(path),
        version=version,
        site_url=text(channel, "wp:base_site_url").strip().rstrip("/") or text(channel, "link").strip().rstrip("/"),
        blog_url=text(channel, "wp:base_blog_url").strip().rstrip("/"),
        language=text(channel, "language").strip(),
        generator=text(channel, "generator").strip(),
        terms=terms,
        items=items,
        authors=len(channel.findall("wp:author", ns)),
    )
