"""Links within the site: every internal URL and #fragment resolves, and no page is orphaned.

Read from the built files, without a browser. Links to the live address (https://batteryregion.eu/...) are
internal and checked like relative ones; links to other hosts are not followed (there is no network).
"""

from __future__ import annotations

import re
from collections import deque
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html

from .problems import Problem, snippet
from .sitemodel import Site, file_to_url, url_to_file

# Elements and attributes that hold a URL.
URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "form": ("action",),
    "object": ("data",),
    "embed": ("src",),
}
# <meta> whose content is a URL of the site (OpenGraph and similar).
URL_METAS = ("og:url", "og:image", "twitter:image")
# Link relations that name an origin, not a resource.
ORIGIN_RELATIONS = {"preconnect", "dns-prefetch"}
NOT_CHECKED_SCHEMES = ("mailto:", "tel:", "data:", "sms:")
# Pages nobody links to on purpose: the not-found pages (served by the host on a miss).
UNLINKED_PAGE_TYPES = {"not_found"}
UNLINKED_FILE_NAMES = {"404.html"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


@lru_cache(maxsize=4096)
def _anchors(file: Path) -> frozenset[str]:
    """The fragment targets of an HTML file: every id, and the names of <a name>."""
    tree = lxml.html.parse(str(file)).getroot()
    ids = {element.get("id") for element in tree.iter() if element.get("id")}
    names = {element.get("name") for element in tree.iter("a") if element.get("name")}
    return frozenset(ids | names)


def _urls(element: lxml.html.HtmlElement) -> list[str]:
    if element.tag == "meta":
        key = element.get("property") or element.get("name") or ""
        return [element.get("content", "")] if key in URL_METAS else []
    if element.tag == "link" and ORIGIN_RELATIONS & set(element.get("rel", "").lower().split()):
        return []
    found = []
    for attribute in URL_ATTRIBUTES.get(element.tag, ()):
        value = element.get(attribute)
        if value is None:
            continue
        if attribute == "srcset":
            found += [candidate.strip().split()[0] for candidate in value.split(",") if candidate.strip()]
        else:
            found.append(value.strip())
    return found


def _resolve(site: Site, base: str, url: str) -> tuple[str, str] | None:
    """(path, fragment) of an internal `url` written on the page at URL path `base`; None if external."""
    absolute = urljoin(site.canonical_origin + base, url)
    if not site.is_internal(absolute):
        return None
    parts = urlsplit(absolute)
    return parts.path or "/", unquote(parts.fragment)


def check_links(site: Site) -> list[Problem]:
    """Every internal link, asset and #fragment of every page and stylesheet resolves to a file."""
    problems = []
    for page in site.pages:
        tree = lxml.html.parse(str(page.file)).getroot()
        where = f"{site.name}:{page.url}"
        for element in tree.iter(*URL_ATTRIBUTES, "meta"):
            for url in _urls(element):
                if url.lower().startswith("javascript:"):
                    problems.append(
                        Problem(
                            where,
                            "link-javascript",
                            snippet(lxml.html.tostring(element, encoding="unicode")),
                            "a javascript: URL is script inline: the site runs under a strict CSP",
                        )
                    )
                    continue
                if url.lower().startswith(NOT_CHECKED_SCHEMES):
                    continue
                resolved = _resolve(site, page.url, url)
                if resolved is None:
                    continue
                path, fragment = resolved
                html = snippet(lxml.html.tostring(element, encoding="unicode", with_tail=False))
                if urlsplit(url).scheme == "http":
                    problems.append(Problem(where, "link-scheme", html, f"{url!r} uses http:, the site is https:"))
                target = url_to_file(site.root, path)
                if target is None:
                    problems.append(Problem(where, "link-target", html, f"{url!r}: nothing is published at {path}"))
                elif fragment and target.suffix == ".html" and fragment != "top" and fragment not in _anchors(target):
                    problems.append(
                        Problem(
                            where,
                            "link-fragment",
                            html,
                            f"{url!r}: {file_to_url(site.root, target)} has no element with id={fragment!r}",
                        )
                    )
    for stylesheet in sorted(site.root.rglob("*.css")):
        base = file_to_url(site.root, stylesheet)
        for match in CSS_URL.finditer(stylesheet.read_text(encoding="utf-8", errors="replace")):
            url = match.group(2).strip()
            if url.startswith(("data:", "#")):
                continue
            resolved = _resolve(site, base, url)
            if resolved and url_to_file(site.root, resolved[0]) is None:
                problems.append(
                    Problem(
                        f"{site.name}:{base}", "link-target", match.group(0), f"{url!r}: nothing is published there"
                    )
                )
    return problems


def roots(site: Site) -> list[str]:
    """Where a visitor starts: the front page of each language ("/", "/fi/", ...)."""
    languages = sorted({page.lang for page in site.pages if page.lang})
    return [url for url in ["/", *(f"/{lang}/" for lang in languages)] if url in site.by_url]


def reachable(site: Site) -> set[str]:
    """URL paths of the pages reached by following <a href> from the front pages."""
    seen = set(roots(site))
    queue = deque(seen)
    while queue:
        page = site.by_url[queue.popleft()]
        tree = lxml.html.parse(str(page.file)).getroot()
        for anchor in tree.iter("a"):
            resolved = _resolve(site, page.url, anchor.get("href", "")) if anchor.get("href") else None
            if resolved is None:
                continue
            target = url_to_file(site.root, resolved[0])
            url = file_to_url(site.root, target) if target is not None else None
            if url in site.by_url and url not in seen:
                seen.add(url)
                queue.append(url)
    return seen


def _is_redirect(file: Path) -> bool:
    tree = lxml.html.parse(str(file)).getroot()
    return any(meta.get("http-equiv", "").lower() == "refresh" for meta in tree.iter("meta"))


def check_orphans(site: Site) -> list[Problem]:
    """Every page is reachable from a front page through the navigation and lists."""
    seen = reachable(site)
    return [
        Problem(
            f"{site.name}:{page.url}",
            "orphan-page",
            "",
            f"no link leads here from {' or '.join(roots(site))} — link it from the navigation, a list or the footer",
        )
        for page in site.pages
        if page.url not in seen
        and page.page_type not in UNLINKED_PAGE_TYPES
        and page.file.name not in UNLINKED_FILE_NAMES
        and not _is_redirect(page.file)
    ]
