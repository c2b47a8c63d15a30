"""Head metadata on every page: canonical address, description, OpenGraph, JSON-LD (parsed, not grepped)."""

from __future__ import annotations

import json
import struct
from datetime import datetime
from pathlib import Path

import pytest

from tests import corpus
from tests.support.html import html_pages, one, page, parse, text, url_of
from tests.support.site_facts import ABOUT_FI, ABOUT_SV, PRESS_FI, PRESS_SV

CANONICAL = "https://batteryregion.eu"
LOCALES = {"sv": "sv_SE", "fi": "fi_FI"}
ARTICLE_TYPES = {"article", "event"}  # an event is an article with a date and place (its page type says so)


def meta(tree, prop: str) -> list[str]:
    return tree.xpath(f'//head/meta[@property="{prop}"]/@content')


def one_meta(tree, prop: str) -> str:
    values = meta(tree, prop)
    assert len(values) == 1, f"{prop}: {values}"
    return values[0]


def page_type(tree) -> str:
    return tree.xpath("//body/@data-page-type")[0]


def site_path(output: Path, url: str) -> Path:
    """The built file behind an absolute address at the live site."""
    assert url.startswith(CANONICAL + "/"), url
    path = output / url.removeprefix(CANONICAL + "/")
    return path / "index.html" if url.endswith("/") else path


def json_ld(tree) -> dict:
    (script,) = tree.xpath('//script[@type="application/ld+json"]')
    # tojson escapes <, > and &: no text can end the script element or start a comment in it.
    assert not set("<>&") & set(script.text), "unescaped markup characters in JSON-LD"
    data = json.loads(script.text)
    assert data["@context"] == "https://schema.org"
    return {node.get("@type"): node for node in data["@graph"]}


def each_page(output: Path):
    for path in html_pages(output):
        yield url_of(output, path), parse(path)


@pytest.mark.parametrize("output_name", ["site", "corpus_site"])
def test_every_page_names_its_canonical_address(request, output_name):
    output = request.getfixturevalue(output_name)
    for url, tree in each_page(output):
        canonical = tree.xpath('//head/link[@rel="canonical"]/@href')
        if page_type(tree) == "not_found":
            # Served at every missing address: it has no address of its own.
            assert canonical == [], url
            assert meta(tree, "og:url") == []
        else:
            assert canonical == [CANONICAL + url], url
            assert one_meta(tree, "og:url") == CANONICAL + url


@pytest.mark.parametrize("output_name", ["site", "corpus_site"])
def test_every_page_has_a_description_and_opengraph_in_its_language(request, output_name):
    output = request.getfixturevalue(output_name)
    for url, tree in each_page(output):
        lang = tree.get("lang")
        (description,) = tree.xpath('//head/meta[@name="description"]/@content')
        assert description.strip(), url
        assert one_meta(tree, "og:description") == description, url
        assert one_meta(tree, "og:site_name") == "Battery Region"
        assert one_meta(tree, "og:title").strip(), url
        assert one_meta(tree, "og:locale") == LOCALES[lang], url
        # og:locale:alternate names the other language only where the page has a version in it.
        versions = {link.get("hreflang") for link in tree.xpath('//head/link[@rel="alternate"][@hreflang]')}
        others = {LOCALES[other] for other in versions - {lang, "x-default"}}
        assert set(meta(tree, "og:locale:alternate")) == others, url
        article = page_type(tree) in ARTICLE_TYPES
        assert one_meta(tree, "og:type") == ("article" if article else "website"), url
        if article:
            assert one_meta(tree, "og:title") == text(one(tree, "//h1"))
            # A date as precise as the content gives it: a day, or a moment with its offset.
            published = one_meta(tree, "article:published_time")
            assert len(published) == 10 or datetime.fromisoformat(published).tzinfo is not None, url


def test_press_release_metadata(site):
    tree = page(site, PRESS_SV)
    assert one_meta(tree, "og:locale:alternate") == "fi_FI"
    assert one_meta(tree, "article:published_time") == "2022-09-15"
    assert one_meta(tree, "og:description").startswith("Den 22 september presenterar projektet Battery Region")
    assert one_meta(page(site, "/fi/"), "og:locale:alternate") == "sv_SE"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_default_og_image_is_a_1200_by_630_png_of_the_project(site):
    for url in ("/", "/fi/", PRESS_FI, ABOUT_SV):
        tree = page(site, url)
        image = one_meta(tree, "og:image")
        assert image.endswith(".png")
        width, height = png_size(site_path(site, image))
        assert (width, height) == (1200, 630)
        assert (one_meta(tree, "og:image:width"), one_meta(tree, "og:image:height")) == ("1200", "630")
        assert one_meta(tree, "og:image:type") == "image/png"
    assert one_meta(page(site, "/"), "og:image:alt").startswith("Battery Regions logotyp")
    assert one_meta(page(site, "/fi/"), "og:image:alt").startswith("Battery Regionin tunnus")


@pytest.mark.parametrize("output_name", ["site", "corpus_site"])
def test_every_page_has_organization_json_ld(request, output_name):
    output = request.getfixturevalue(output_name)
    for url, tree in each_page(output):
        nodes = json_ld(tree)
        organization = nodes["Organization"]
        assert organization["name"] == "Battery Region"
        assert organization["@id"] == CANONICAL + "/#organization"
        assert png_size(site_path(output, organization["logo"])) == (512, 512)
        members = [member["name"] for member in organization["member"]]
        assert members[0] == "Region Västerbotten" and members[-1] == "OSAO" and len(members) == 4, url
        assert nodes["WebSite"]["inLanguage"] == tree.get("lang")


def test_articles_are_news_articles_with_breadcrumbs(site):
    for url, lang in ((PRESS_SV, "sv"), (PRESS_FI, "fi")):
        tree = page(site, url)
        nodes = json_ld(tree)
        article = nodes["NewsArticle"]
        assert article["url"] == article["mainEntityOfPage"] == CANONICAL + url
        assert article["headline"] == text(one(tree, "//h1"))
        assert article["description"] == text(one(tree, '//p[contains(@class, "br-article__lead")]'))
        assert article["datePublished"] == "2022-09-15"
        assert article["inLanguage"] == lang
        assert article["publisher"] == article["author"] == {"@id": CANONICAL + "/#organization"}
        assert png_size(site_path(site, article["image"][0])) == (1200, 630)
        crumbs = nodes["BreadcrumbList"]["itemListElement"]
        assert [crumb["position"] for crumb in crumbs] == [1, 2, 3]
        assert crumbs[0]["item"] == CANONICAL + ("/fi/" if lang == "fi" else "/")
        assert crumbs[1]["name"] == {"sv": "Nyheter", "fi": "Uutiset"}[lang]
        assert crumbs[-1]["item"] == CANONICAL + url
        for crumb in crumbs:
            assert site_path(site, crumb["item"]).is_file(), crumb
    # The Finnish article says which work it translates.
    finnish = json_ld(page(site, PRESS_FI))["NewsArticle"]
    assert finnish["translationOfWork"] == {"@id": CANONICAL + PRESS_SV + "#article"}
    assert "translationOfWork" not in json_ld(page(site, PRESS_SV))["NewsArticle"]


def test_pages_have_breadcrumbs_and_lists_have_none(site):
    for url in (ABOUT_SV, ABOUT_FI, "/sok/", "/fi/haku/"):
        crumbs = json_ld(page(site, url))["BreadcrumbList"]["itemListElement"]
        assert [crumb["item"] for crumb in crumbs][-1] == CANONICAL + url
        assert crumbs[-1]["name"] == text(one(page(site, url), "//h1"))
    for url in ("/", "/fi/", "/404.html"):
        assert "BreadcrumbList" not in json_ld(page(site, url))


def test_quotes_and_ampersands_in_a_summary_are_escaped_everywhere(corpus_site):
    url = f"/2022/02/15/{corpus.SWEDISH_ONLY[1]}/"
    tree = page(corpus_site, url)
    summary = f"En nyhet som bara finns på svenska (2).{corpus.MARKUP_IN_SUMMARY_TEXT}"
    (description,) = tree.xpath('//head/meta[@name="description"]/@content')
    assert description == summary
    assert one_meta(tree, "og:description") == summary
    assert json_ld(tree)["NewsArticle"]["description"] == summary


def test_search_and_404_pages_ask_not_to_be_indexed(site):
    for url in ("/sok/", "/fi/haku/", "/404.html", "/fi/404.html"):
        assert page(site, url).xpath('//head/meta[@name="robots"]/@content') == ["noindex"], url
    for url in ("/", PRESS_SV, ABOUT_FI):
        assert page(site, url).xpath('//head/meta[@name="robots"]') == [], url
