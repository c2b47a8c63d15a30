"""The sitemap (both languages, hreflang alternates) and robots.txt, parsed with lxml against the built pages."""

from __future__ import annotations

from pathlib import Path

import lxml.etree
import pytest

from tests import corpus
from tests.support.clock import NOW
from tests.support.html import html_pages, parse, url_of
from tests.support.site_facts import ABOUT_FI, ABOUT_SV, PRESS_FI, PRESS_SV

CANONICAL = "https://batteryregion.eu"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
# Pages that ask not to be indexed: the search pages (their content is elsewhere) and the 404 pages.
NOT_INDEXED = {"search", "not_found"}


def read_sitemap(output: Path) -> dict[str, dict]:
    """The sitemap's entries by site URL: {"lastmod": str | None, "alternates": {hreflang: site URL}}."""
    root = lxml.etree.parse(str(output / "sitemap.xml")).getroot()
    assert root.tag == f"{{{NS['s']}}}urlset"
    entries = {}
    for url in root.xpath("s:url", namespaces=NS):
        (loc,) = url.xpath("s:loc/text()", namespaces=NS)
        assert loc.startswith(CANONICAL + "/"), f"{loc} is not absolute at {CANONICAL}"
        site_url = loc.removeprefix(CANONICAL)
        assert site_url not in entries, f"{loc} listed twice"
        alternates = {}
        for link in url.xpath("x:link", namespaces=NS):
            assert link.get("rel") == "alternate"
            assert link.get("href").startswith(CANONICAL + "/")
            alternates[link.get("hreflang")] = link.get("href").removeprefix(CANONICAL)
        lastmod = url.xpath("s:lastmod/text()", namespaces=NS)
        entries[site_url] = {"lastmod": lastmod[0] if lastmod else None, "alternates": alternates}
    return entries


@pytest.mark.parametrize("output_name", ["site", "corpus_site"])
def test_sitemap_lists_every_indexable_page_of_both_languages(request, output_name):
    output = request.getfixturevalue(output_name)
    entries = read_sitemap(output)
    indexable = {
        url_of(output, path)
        for path in html_pages(output)
        if parse(path).xpath("//body/@data-page-type")[0] not in NOT_INDEXED
    }
    assert set(entries) == indexable
    assert {"/", "/fi/"} <= set(entries)
    assert not [url for url in entries if "404" in url or url in ("/sok/", "/fi/haku/")]


def test_translated_pairs_name_self_counterpart_and_x_default(site):
    entries = read_sitemap(site)
    for sv, fi in ((PRESS_SV, PRESS_FI), (ABOUT_SV, ABOUT_FI), ("/", "/fi/")):
        expected = {"sv": sv, "fi": fi, "x-default": sv}
        assert entries[sv]["alternates"] == expected, sv
        assert entries[fi]["alternates"] == expected, fi


@pytest.mark.parametrize("output_name", ["site", "corpus_site"])
def test_alternates_are_reciprocal_and_match_the_pages(request, output_name):
    output = request.getfixturevalue(output_name)
    entries = read_sitemap(output)
    for url, entry in entries.items():
        alternates = entry["alternates"]
        if not alternates:
            continue
        assert url in alternates.values(), f"{url}: no alternate for itself"
        assert "x-default" in alternates
        for lang, other in alternates.items():
            if lang != "x-default":
                assert entries[other]["alternates"] == alternates, f"{url} ↔ {other} disagree"
        # The sitemap says what the page's own head says.
        target = output / url.lstrip("/") / "index.html" if url.endswith("/") else output / url.lstrip("/")
        head = {link.get("hreflang"): link.get("href") for link in parse(target).xpath("//head/link[@hreflang]")}
        assert head == alternates, url


def test_one_language_content_has_no_alternates(corpus_site):
    entries = read_sitemap(corpus_site)
    only = [f"/2022/0{index}/15/{slug}/" for index, slug in enumerate(corpus.SWEDISH_ONLY, start=1)]
    only += [f"/fi/2022/0{index + 2}/15/{slug}/" for index, slug in enumerate(corpus.FINNISH_ONLY, start=1)]
    only.append("/bara-svenska/")
    for url in only:
        assert entries[url]["alternates"] == {}, url
    assert not [url for url in entries if corpus.DRAFT_SLUG in url]


def test_lastmod_comes_from_the_content(site):
    entries = read_sitemap(site)
    assert entries[PRESS_SV]["lastmod"] == entries[PRESS_FI]["lastmod"] == "2022-09-15"
    for url, entry in entries.items():
        path = site / url.lstrip("/") / "index.html"
        published = parse(path).xpath('//head/meta[@property="article:modified_time"]/@content')
        # Articles carry their date; pages and lists have none to give, and get no invented one.
        assert entry["lastmod"] == (published[0] if published else None), url


def test_robots_txt_names_the_sitemap(site):
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {CANONICAL}/sitemap.xml" in lines
    assert not [line for line in lines if line.startswith("Disallow:") and line.removeprefix("Disallow:").strip()]


@pytest.mark.build
def test_a_page_whose_head_contradicts_its_address_fails_the_build(tmp_path, monkeypatch):
    """Languages written side by side: the sitemap, read beside the search index, refuses a page whose canonical
    link names another address, naming the page and the fix; the build fails and keeps the last output."""
    from sitebuild import BuildError, build

    content = corpus.generate(tmp_path / "content", pairs=2)
    count_pages = build.count_pages

    def moved_after_pelican(site, languages):
        about = site / ABOUT_SV.strip("/") / "index.html"
        about.write_bytes(about.read_bytes().replace(b'rel="canonical" href="', b'rel="canonical" href="/flyttad', 1))
        return count_pages(site, languages)

    monkeypatch.setattr(build, "count_pages", moved_after_pelican)
    output = tmp_path / "output"
    output.mkdir()
    (output / "last.html").write_text("the last good build", encoding="utf-8")
    with pytest.raises(BuildError, match=r"index\.html: <link rel=\"canonical\"> is .*must name its own address"):
        build.run_build(content=content, output=output, quiet=True, now=NOW, processes=2)
    assert [path.name for path in output.iterdir()] == ["last.html"]


def test_a_sitemap_entry_keeps_no_parsed_page_alive(site):
    """The entries of thousands of pages are held until the sitemap is written: each value a plain string, none
    of lxml's strings that keep their whole parsed page in memory (30 KB a page)."""
    import sitebuild
    from plugins.sitemap.sitemap import page_entry
    from sitebuild.validate import content_settings

    settings = content_settings(sitebuild.ROOT / "content", sitebuild.PELICANCONF)
    entry = page_entry(site / PRESS_SV.strip("/") / "index.html", site, settings)
    values = [entry["loc"], entry["lastmod"], *entry["alternates"], *entry["alternates"].values()]
    assert entry["lastmod"] and len(entry["alternates"]) == 3
    assert all(type(value) is str for value in values), [type(value) for value in values]
