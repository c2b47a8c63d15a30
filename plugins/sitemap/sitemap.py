"""One sitemap.xml for both languages, with xhtml:link alternates, and a robots.txt naming it.

The Finnish subsite is built inside the main site's run (i18n_subsites starts it on the main
site's `get_writer`), so when the main site sends `finalized` every page of both languages has
been written (when the build writes the languages in parallel processes, plugins/write_languages,
it calls `sitemap_files` itself once they have all finished). The sitemap is then made from what the pages themselves declare, parsed with lxml:
each page that asks to be indexed (it has `<link rel="canonical">` and no `noindex`) is listed at
its canonical address, with its `hreflang` alternates (self, counterpart, x-default) when it has
a counterpart, and `lastmod` from `article:modified_time` (the content's own date). So the sitemap
can never disagree with the pages. Written with lxml into SITEMAP_SAVE_AS; robots.txt beside it.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
from lxml import etree
from pelican import signals

from plugins.common import is_main_site
from plugins.urls import published_url
from plugins.write_languages.write_languages import writes_every_language

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


# How much of a page is read at a time, looking for the end of its head (a page's head is a few KB).
HEAD_CHUNK = 16384


class SitemapError(Exception):
    """A page's head contradicts where it was written; the message names the file and the fix."""


def _head(path: Path) -> bytes:
    """A page up to the end of its head (the whole page if it has no `</head>`): only the head says what the
    sitemap needs, and the body (most of a page) is neither read nor parsed."""
    data = b""
    with path.open("rb") as page:
        while chunk := page.read(HEAD_CHUNK):
            data += chunk
            end = data.find(b"</head>", max(0, len(data) - len(chunk) - len(b"</head>")))
            if end >= 0:
                return data[: end + len(b"</head>")]
    return data


def page_entry(path: Path, output: Path, settings) -> dict | None:
    """The sitemap entry a built page declares, or None when it is not to be indexed."""
    tree = lxml.html.document_fromstring(_head(path))
    robots = " ".join(tree.xpath('//head/meta[@name="robots"]/@content', smart_strings=False)).lower()
    canonical = tree.xpath('//head/link[@rel="canonical"]/@href', smart_strings=False)
    if "noindex" in robots or not canonical:
        return None
    location = "/" + path.relative_to(output).as_posix().removesuffix("index.html")

    def absolute(url: str) -> str:
        return published_url(url, settings["SITEURL"], settings["SITEURL"], settings["CANONICAL_SITEURL"])

    loc = canonical[0]
    if len(canonical) > 1 or loc != absolute(location):
        raise SitemapError(
            f'{path}: <link rel="canonical"> is {canonical!r}, but the page is published at'
            f" {absolute(location)!r} — the page must name its own address (see partials/head_meta.html)"
        )
    alternates = {
        link.get("hreflang"): absolute(link.get("href"))
        for link in tree.xpath('//head/link[@rel="alternate"][@hreflang]')
    }
    languages = set(alternates) - {"x-default"}
    modified = tree.xpath('//head/meta[@property="article:modified_time"]/@content', smart_strings=False)
    return {
        "loc": loc,
        "lastmod": modified[0] if modified else None,
        "alternates": alternates if len(languages) > 1 else {},
    }


def build_sitemap(entries: list[dict]) -> etree._Element:
    urlset = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "xhtml": XHTML_NS})
    for entry in sorted(entries, key=lambda entry: entry["loc"]):
        url = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = entry["loc"]
        if entry["lastmod"]:
            etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = entry["lastmod"]
        for hreflang, href in sorted(entry["alternates"].items()):
            etree.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=hreflang, href=href)
    return urlset


def write_sitemap(pelican) -> None:
    settings = pelican.settings
    # Only the main site, whose run ends last, sees every language's pages; and only when this process wrote
    # them all (plugins/write_languages: else the build calls sitemap_files when every process has finished).
    if is_main_site(settings) and writes_every_language(settings):
        sitemap_files(Path(pelican.output_path), settings)


def sitemap_files(output: Path, settings: dict, known: dict | None = None, pages: list[Path] | None = None) -> None:
    """sitemap.xml and robots.txt, from the pages of every language written into `output`.

    `known` (kept by the caller between calls) holds each page's entry by its path, size and time: a page not
    written again since is not read again. `pages`: every page of the site, sorted, when the caller knows them.
    """
    save_as = settings.get("SITEMAP_SAVE_AS")
    if not save_as:
        return
    if pages is None:
        theme = output / settings["THEME_STATIC_DIR"]
        pages = [path for path in sorted(output.rglob("*.html")) if not path.is_relative_to(theme)]
    entries = [entry for path in pages if (entry := _entry(path, output, settings, known))]
    etree.ElementTree(build_sitemap(entries)).write(
        str(output / save_as), xml_declaration=True, encoding="utf-8", pretty_print=True
    )
    sitemap_url = published_url(save_as, settings["SITEURL"], settings["SITEURL"], settings["CANONICAL_SITEURL"])
    (output / "robots.txt").write_text(f"User-agent: *\nDisallow:\n\nSitemap: {sitemap_url}\n", encoding="utf-8")


def _entry(path: Path, output: Path, settings, known: dict | None) -> dict | None:
    if known is None:
        return page_entry(path, output, settings)
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    if path not in known or known[path][0] != stamp:
        known[path] = (stamp, page_entry(path, output, settings))
    return known[path][1]


def register() -> None:
    signals.finalized.connect(write_sitemap)
