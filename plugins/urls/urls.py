"""URLs of the site: the clean address of a page in this build, and its published address.

`site_url` (Jinja filter): any URL Pelican or i18n_subsites produces (`fi/x/`, `../x/`) resolved against the
page's SITEURL, so no `/fi/../x/` ever reaches a page.

Canonical links, OpenGraph, JSON-LD, Atom feeds and the sitemap must name the page where it is
published (CANONICAL_SITEURL, https://batteryregion.eu), whatever SITEURL a build uses: empty in
development (root-relative links that work on any host), absolute in production. The Finnish
subsite keeps its `/fi/` prefix. Adds the Jinja filters `site_url` and `absolute_url` on `generator_init`;
`published_url()` serves the plugins that write XML.
"""

from __future__ import annotations

import functools
from urllib.parse import urljoin, urlsplit

from jinja2 import pass_context
from pelican import signals


def _root(siteurl: str) -> str:
    return urljoin(siteurl.rstrip("/") + "/", "")


# Stands in for the origin of a root-relative SITEURL: urljoin resolves `..` above a bare path's root to a
# relative path (`urljoin("/", "../x/")` is "x/"), above an origin's root to the root, as RFC 3986 says.
_ORIGIN = "http://site.invalid"


# Every page links the same few hundred addresses (menus, languages, lists): each worked out once per process.
@functools.lru_cache(maxsize=1 << 16)
def join_url(siteurl: str, url: str) -> str:
    """Resolve `url` against the site root, normalising `..` so no `/fi/../` remains."""
    root = _root(siteurl)
    joined = urljoin(_ORIGIN + root, url) if not urlsplit(root).netloc else ""
    return joined.removeprefix(_ORIGIN) if joined.startswith(_ORIGIN + "/") else urljoin(root, url)


def main_siteurl(context) -> str:
    """The main site's SITEURL, whichever site is rendering (i18n_subsites names it `main_siteurl`)."""
    return context.get("main_siteurl", context.get("MAIN_SITEURL", ""))


@pass_context
def site_url(context, url: str) -> str:
    """Jinja filter: a URL of the site as the page being rendered links to it."""
    return join_url(context["SITEURL"], url)


def published_url(url: str, siteurl: str, main_siteurl: str, canonical: str) -> str:
    """`url` (relative to `siteurl`, root-relative, or absolute within the site) at `canonical`.

    `main_siteurl` is the SITEURL of the main (Swedish) site; the path below it is kept, so a
    Finnish URL stays under /fi/.
    """
    resolved = join_url(siteurl, url)
    main_root = _root(main_siteurl)
    if not resolved.startswith(main_root):
        raise ValueError(
            f"{url!r} is not an address of this site (it resolves to {resolved!r}, outside {main_root!r});"
            " only the site's own pages have a published address"
        )
    return _root(canonical) + resolved.removeprefix(main_root)


@pass_context
def absolute_url(context, url: str) -> str:
    """Jinja filter: the published (absolute) address of a URL of the page being rendered."""
    return published_url(url, context["SITEURL"], main_siteurl(context), context["CANONICAL_SITEURL"])


def add_filters(generator) -> None:
    generator.env.filters.update(site_url=site_url, absolute_url=absolute_url)


def register() -> None:
    signals.generator_init.connect(add_filters)
