"""A built site folder as the gates see it: its HTML pages, their URLs, languages and page types."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html


@dataclass(frozen=True)
class Page:
    """One HTML file of the built site."""

    file: Path
    url: str  # URL path: "/", "/fi/kontakt/", "/404.html"
    lang: str  # <html lang>, "" when missing
    page_type: str  # <body data-page-type>, "" when missing

    @property
    def label(self) -> str:
        return f"{self.page_type or '?'}/{self.lang or '?'}"


def file_to_url(root: Path, file: Path) -> str:
    """The URL path a static host serves `file` at: directory indexes end in a slash."""
    rel = file.relative_to(root).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def url_to_file(root: Path, path: str) -> Path | None:
    """The file a static host would answer `path` (a URL path, %-encoded or not) with, or None."""
    rel = unquote(path).lstrip("/")
    candidate = root / rel
    if rel == "" or rel.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        candidate.resolve().relative_to(root.resolve())
    except ValueError:
        return None
    return candidate if candidate.is_file() else None


def read_page(root: Path, file: Path) -> Page:
    tree = lxml.html.parse(str(file)).getroot()
    body = tree.find("body")
    page_type = body.get("data-page-type", "") if body is not None else ""
    return Page(file=file, url=file_to_url(root, file), lang=tree.get("lang", ""), page_type=page_type)


@dataclass
class Site:
    """A built site folder; `name` says which build it is ("site" or "corpus") in reports and test ids.

    `canonical_origin` is the live address (CANONICAL_SITEURL): links to it are links within the site.
    """

    name: str
    root: Path
    canonical_origin: str
    pages: list[Page] = field(init=False)

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        if not (self.root / "index.html").is_file():
            raise FileNotFoundError(f"{self.root}: no index.html — is this a built site folder?")
        self.pages = [read_page(self.root, file) for file in sorted(self.root.rglob("*.html"))]

    @cached_property
    def by_url(self) -> dict[str, Page]:
        return {page.url: page for page in self.pages}

    def is_internal(self, url: str) -> bool:
        """True for a URL of this site: relative, or on the canonical origin (http or https)."""
        parts = urlsplit(url)
        if not parts.scheme and not parts.netloc:
            return True
        canonical = urlsplit(self.canonical_origin)
        return parts.scheme in ("http", "https") and parts.netloc.lower() == canonical.netloc.lower()

    def groups(self) -> dict[tuple[str, str], list[Page]]:
        """Pages grouped by (page type, language), in URL order."""
        grouped: dict[tuple[str, str], list[Page]] = defaultdict(list)
        for page in sorted(self.pages, key=lambda page: page.url):
            grouped[(page.page_type, page.lang)].append(page)
        return dict(sorted(grouped.items()))

    def samples(self) -> list[Page]:
        """One page per (page type, language): the first by URL, so the choice is stable between runs."""
        return [pages[0] for pages in self.groups().values()]


def pages_to_open(site: Site) -> list[Page]:
    """Pages the browser gates open: every page of the real site, one per page type and language otherwise."""
    return sorted(site.pages, key=lambda page: page.url) if site.name == "site" else site.samples()


def where(site: Site, page: Page, viewport: str = "") -> str:
    """How a report names a page: site, URL, page type and language, and the viewport when it matters."""
    return f"{site.name}:{page.url} ({page.label}{f', {viewport}' if viewport else ''})"
