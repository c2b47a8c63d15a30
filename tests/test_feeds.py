"""Atom feeds, one per language: parsed with feedparser and lxml, checked against the built pages."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from tests import corpus
from tests.support.feeds import FEEDS, read_feed
from tests.support.html import html_pages, one, parse, text, url_of
from tests.support.site_facts import PRESS_FI, PRESS_SV

CANONICAL = "https://batteryregion.eu"
FRONT = {"sv": "/", "fi": "/fi/"}
TITLES = {"sv": "Battery Region – Nyheter", "fi": "Battery Region – Uutiset"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def local(url: str) -> str:
    """The site URL of an address at the live site."""
    assert url.startswith(CANONICAL + "/"), f"{url} is not an absolute address at {CANONICAL}"
    return url.removeprefix(CANONICAL)


def link(element, rel: str) -> str:
    (href,) = [item.href for item in element.links if item.rel == rel]
    return href


def own_articles(output: Path, lang: str) -> dict[str, object]:
    """The article pages (news and events alike: each says so in its head) the site publishes in `lang`, by URL."""
    articles = {}
    for path in html_pages(output):
        tree = parse(path)
        if tree.xpath('//head/meta[@property="article:published_time"]') and tree.get("lang") == lang:
            articles[url_of(output, path)] = tree
    return articles


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_feed_names_itself_and_its_language_with_absolute_addresses(site, lang):
    feed = read_feed(site, lang)
    root = lxml.etree.parse(str(site / FEEDS[lang].lstrip("/"))).getroot()
    assert root.get(XML_LANG) == lang
    assert feed.feed.title == TITLES[lang]
    assert link(feed.feed, "self") == CANONICAL + FEEDS[lang]
    assert link(feed.feed, "alternate") == CANONICAL + FRONT[lang]
    assert feed.feed.id == CANONICAL + FEEDS[lang]
    assert feed.feed.author == "Battery Region"


@pytest.mark.parametrize("output_name", ["site", "corpus_site"])
@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_feed_holds_exactly_its_own_languages_articles(request, output_name, lang):
    output = request.getfixturevalue(output_name)
    feed = read_feed(output, lang)
    entries = {local(entry.link): entry for entry in feed.entries}
    articles = own_articles(output, lang)
    assert set(entries) == set(articles)
    for url, entry in entries.items():
        tree = articles[url]
        assert entry.id == CANONICAL + url
        assert entry.title == text(one(tree, "//h1"))
        assert entry.summary == text(one(tree, '//p[contains(@class, "br-article__lead")]'))
        assert entry.summary_detail.type == "text/plain"
        published = one(tree, '//meta[@property="article:published_time"]').get("content")
        entry_date = datetime.fromisoformat(entry.published)
        if len(published) == 10:  # the content gives a day only (the page says no time it does not know)
            assert entry_date.date().isoformat() == published
        else:
            assert entry_date == datetime.fromisoformat(published)
        assert entry.tags[0].label == text(one(tree, '//p[contains(@class, "br-article__category")]/a'))
    # Newest first.
    dates = [datetime.fromisoformat(entry.published) for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)


def test_one_language_articles_stay_in_their_own_feed(corpus_site):
    swedish = {local(entry.link) for entry in read_feed(corpus_site, "sv").entries}
    finnish = {local(entry.link) for entry in read_feed(corpus_site, "fi").entries}
    only_sv = {f"/2022/0{index}/15/{slug}/" for index, slug in enumerate(corpus.SWEDISH_ONLY, start=1)}
    only_fi = {f"/fi/2022/0{index + 2}/15/{slug}/" for index, slug in enumerate(corpus.FINNISH_ONLY, start=1)}
    assert only_sv <= swedish and not only_sv & finnish
    assert only_fi <= finnish and not only_fi & swedish
    assert all(url.startswith("/fi/") for url in finnish)
    assert not [url for url in swedish if url.startswith("/fi/")]
    # The draft is in neither.
    assert not [url for url in swedish | finnish if corpus.DRAFT_SLUG in url]


@pytest.mark.parametrize("output_name", ["site", "corpus_site"])
@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_feed_is_updated_when_its_newest_article_is_never_the_clock(request, output_name, lang):
    output = request.getfixturevalue(output_name)
    feed = read_feed(output, lang)
    newest = max(datetime.fromisoformat(entry.updated) for entry in feed.entries)
    assert datetime.fromisoformat(feed.feed.updated) == newest
    assert newest.year <= 2022, "the project's content ends in 2022: a later date comes from the clock"


def test_press_release_entry_carries_its_body_with_absolute_links(site):
    # Read without feedparser, whose sanitizer drops tel: links.
    root = lxml.etree.parse(str(site / FEEDS["sv"].lstrip("/"))).getroot()
    atom = {"a": "http://www.w3.org/2005/Atom"}
    (content,) = root.xpath(f'a:entry[a:id="{CANONICAL + PRESS_SV}"]/a:content[@type="html"]', namespaces=atom)
    body = lxml.html.fragment_fromstring(content.text, create_parent="div")
    assert "Quality technician" in body.text_content()
    hrefs = body.xpath(".//a/@href")
    assert CANONICAL + "/2022/06/30/slutkonferens/" in hrefs
    assert all(href.startswith((CANONICAL + "/", "mailto:", "tel:")) for href in hrefs), hrefs
    (finnish,) = [entry for entry in read_feed(site, "fi").entries if entry.link == CANONICAL + PRESS_FI]
    assert finnish.summary.startswith("Battery Region -hanke esittelee")


@pytest.mark.parametrize("output_name", ["site", "corpus_site"])
def test_every_page_announces_its_languages_feed(request, output_name):
    output = request.getfixturevalue(output_name)
    for path in html_pages(output):
        tree = parse(path)
        feeds = tree.xpath('//head/link[@rel="alternate"][@type="application/atom+xml"]')
        assert len(feeds) == 1, f"{url_of(output, path)}: {len(feeds)} feed links"
        lang = tree.get("lang")
        assert feeds[0].get("href") == FEEDS[lang], url_of(output, path)
        assert feeds[0].get("title") == TITLES[lang]
