"""The fixture corpus: pagination, the page-N switcher, one-language items and category switching."""

from __future__ import annotations

import re

import pytest

import sitebuild.build
from tests import corpus
from tests.support.clock import NOW
from tests.support.feeds import read_feed
from tests.support.html import one, page, text
from tests.support.settings import settings_with

ITEM = '//ul[contains(concat(" ", @class, " "), " br-news-list ")]/li'
TOTAL = corpus.PAIRS + len(corpus.SWEDISH_ONLY) + len(corpus.FINNISH_ONLY)


def switcher(tree) -> dict[str, object]:
    return {
        link.get("lang"): link
        for link in tree.xpath('//nav[contains(concat(" ", @class, " "), " br-language-switcher ")]//a')
    }


def list_items(output, url):
    return page(output, url).xpath(ITEM)


def test_news_lists_paginate_ten_per_page_in_both_languages(corpus_site):
    for root in ("/", "/fi/"):
        counts = [len(list_items(corpus_site, f"{root}{suffix}")) for suffix in ("", "page/2/", "page/3/")]
        assert counts == [10, 10, TOTAL - 20]
        assert not (corpus_site / root.lstrip("/") / "page" / "4").exists()


def test_news_list_is_newest_first_across_pages(corpus_site):
    dates = []
    for suffix in ("", "page/2/", "page/3/"):
        dates += [one(item, ".//time").get("datetime") for item in list_items(corpus_site, f"/{suffix}")]
    assert dates == sorted(dates, reverse=True)
    assert len(dates) == TOTAL


def test_pagination_links_mark_the_current_page(corpus_site):
    nav = one(page(corpus_site, "/fi/page/2/"), '//nav[contains(concat(" ", @class, " "), " br-pagination ")]')
    current = one(nav, './/a[@aria-current="page"]')
    assert current.get("href") == "/fi/page/2/"
    assert one(nav, './/a[@rel="prev"]').get("href") == "/fi/"
    assert one(nav, './/a[@rel="next"]').get("href") == "/fi/page/3/"


FEED_ITEMS = 5


@pytest.fixture(scope="module")
def long_list_site(tmp_path_factory):
    """The fixture corpus two to a page: twelve pages in each language, as a news site of some years has; and
    feeds of the newest five articles (FEED_MAX_ITEMS)."""
    folder = tmp_path_factory.mktemp("long-list")
    settings = settings_with(folder, "two_per_page.py", {"DEFAULT_PAGINATION": 2, "FEED_MAX_ITEMS": FEED_ITEMS})
    output = folder / "output"
    content = corpus.generate(folder / "content")
    sitebuild.build.run_build(content=content, output=output, settings=settings, quiet=True, now=NOW)
    return output


def pagination_row(output, url) -> list[str]:
    """The pagination as a reader goes through it: each entry's text, the current page in brackets."""
    nav = one(page(output, url), '//nav[contains(concat(" ", @class, " "), " br-pagination ")]')
    row = []
    for item in nav.xpath(".//li"):
        links = item.xpath("./a")
        if links and links[0].get("aria-current") == "page":
            row.append(f"[{text(links[0])}]")
        else:
            row.append(text(item))
    return row


@pytest.mark.parametrize(
    ("suffix", "row"),
    [
        ("", "[1] 2 … 12 Seuraava sivu"),
        ("page/4/", "Edellinen sivu 1 2 3 [4] 5 … 12 Seuraava sivu"),
        ("page/6/", "Edellinen sivu 1 … 5 [6] 7 … 12 Seuraava sivu"),
        ("page/9/", "Edellinen sivu 1 … 8 [9] 10 11 12 Seuraava sivu"),
        ("page/12/", "Edellinen sivu 1 … 11 [12]"),
    ],
)
def test_a_long_news_list_links_first_last_and_the_neighbours_of_the_current_page(long_list_site, suffix, row):
    assert len(list_items(long_list_site, "/fi/")) == 2
    assert (long_list_site / "fi" / "page" / "12").is_dir() and not (long_list_site / "fi" / "page" / "13").exists()
    assert " ".join(pagination_row(long_list_site, f"/fi/{suffix}")) == row


def test_every_link_of_a_long_pagination_leads_to_the_page_it_names(long_list_site):
    nav = one(page(long_list_site, "/page/6/"), '//nav[contains(concat(" ", @class, " "), " br-pagination ")]')
    for link in nav.xpath(".//a"):
        href = link.get("href")
        number = int(re.search(r"(\d+)$", link.get("aria-label") or "").group(1)) if link.get("aria-label") else None
        assert (long_list_site / href.lstrip("/") / "index.html").is_file(), href
        if number is not None:
            assert href == ("/" if number == 1 else f"/page/{number}/")
            assert link.get("aria-label") == f"Sida {number}"


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_a_long_sites_feed_holds_its_newest_articles(long_list_site, corpus_site, lang):
    """A feed reader fetches the whole feed each time: FEED_MAX_ITEMS of the newest, newest first, each entry as in
    the feed of the whole corpus."""
    short, whole = read_feed(long_list_site, lang), read_feed(corpus_site, lang)
    assert len(whole.entries) > FEED_ITEMS
    assert [entry.link for entry in short.entries] == [entry.link for entry in whole.entries][:FEED_ITEMS]
    assert [entry.content[0].value for entry in short.entries] == [e.content[0].value for e in whole.entries][
        :FEED_ITEMS
    ]
    assert short.feed.updated == whole.feed.updated


def test_switcher_on_page_n_lands_on_page_n_of_the_other_list(corpus_site):
    assert switcher(page(corpus_site, "/page/2/"))["fi"].get("href") == "/fi/page/2/"
    assert switcher(page(corpus_site, "/fi/page/3/"))["sv"].get("href") == "/page/3/"
    assert switcher(page(corpus_site, "/"))["fi"].get("href") == "/fi/"


def test_swedish_only_article_is_listed_in_finnish_marked_and_linking_the_original(corpus_site):
    items = list_items(corpus_site, "/fi/")
    foreign = [item for item in items if "Bara på svenska 1" in text(item)]
    assert len(foreign) == 1
    item = foreign[0]
    link = one(item, ".//h2/a")
    assert link.get("href") == "/2022/01/15/endast-svenska-1/"
    assert link.get("hreflang") == "sv"
    assert one(item, ".//h2").get("lang") == "sv"
    note = one(item, './/*[contains(concat(" ", @class, " "), " br-teaser__language ")]')
    assert text(note) == "Vain ruotsiksi"
    # Announced with the link, not only seen beside it.
    assert link.get("aria-describedby") == note.get("id")
    # Listed, never duplicated: there is no Finnish page for it.
    assert not (corpus_site / "fi" / "2022" / "01" / "15" / "endast-svenska-1").exists()


def test_finnish_only_article_is_listed_in_swedish(corpus_site):
    items = [item for item in list_items(corpus_site, "/") if "Vain suomeksi 1" in text(item)]
    assert len(items) == 1
    assert one(items[0], ".//h2/a").get("href") == "/fi/2022/03/15/vain-suomeksi-1/"
    assert (
        text(one(items[0], './/*[contains(concat(" ", @class, " "), " br-teaser__language ")]')) == "Endast på finska"
    )
    assert not (corpus_site / "2022" / "03" / "15" / "vain-suomeksi-1").exists()


def test_untranslated_items_say_so_in_the_target_language(corpus_site):
    sv_only = switcher(page(corpus_site, "/2022/01/15/endast-svenska-1/"))["fi"]
    assert (text(sv_only), sv_only.get("href"), sv_only.get("lang")) == ("Suomi – ei käännöstä", "/fi/", "fi")
    fi_only = switcher(page(corpus_site, "/fi/2022/03/15/vain-suomeksi-1/"))["sv"]
    assert (text(fi_only), fi_only.get("href"), fi_only.get("lang")) == ("Svenska – inte översatt", "/", "sv")
    sv_page = switcher(page(corpus_site, "/bara-svenska/"))["fi"]
    assert text(sv_page) == "Suomi – ei käännöstä"


def test_untranslated_items_have_no_counterpart_hreflang(corpus_site):
    tree = page(corpus_site, "/2022/01/15/endast-svenska-1/")
    hreflangs = {link.get("hreflang") for link in tree.xpath('//link[@rel="alternate"][@hreflang]')}
    assert hreflangs == {"sv", "x-default"}


def test_category_switches_to_the_matching_category(corpus_site):
    assert switcher(page(corpus_site, "/kategori/evenemang/"))["fi"].get("href") == "/fi/kategoria/tapahtumat/"
    # Page N of a category pairs with page N of its counterpart, both ways.
    assert switcher(page(corpus_site, "/fi/kategoria/uutiset/page/2/"))["sv"].get("href") == "/kategori/nyheter/page/2/"
    assert switcher(page(corpus_site, "/kategori/nyheter/page/2/"))["fi"].get("href") == "/fi/kategoria/uutiset/page/2/"


@pytest.mark.build
def test_category_without_counterpart_falls_back_to_the_front_page(tmp_path):
    """A category only one language publishes: the switcher says so instead of linking nowhere."""
    import sitebuild
    import sitebuild.build

    content = corpus.generate(tmp_path / "content")
    for path in (content / "articles").glob("par-*.fi.md"):
        # Move every Finnish event to the news category: Swedish "Evenemang" has no Finnish match left.
        path.write_text(path.read_text(encoding="utf-8").replace("Tapahtumat", "Uutiset"), encoding="utf-8")
    for path in (content / "articles").glob("par-*.sv.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("Evenemang", "Nyheter"), encoding="utf-8")
    output = tmp_path / "output"
    sitebuild.build.run_build(content=content, output=output, quiet=True, now=NOW)
    link = switcher(page(output, "/kategori/evenemang/"))["fi"]
    assert (text(link), link.get("href")) == ("Suomi – ei käännöstä", "/fi/")


def test_text_metadata_is_escaped_not_interpreted(corpus_site):
    """A summary with quotes, & and < reads as written in lists and on the page, and breaks no markup."""
    expected = f"En nyhet som bara finns på svenska (2).{corpus.MARKUP_IN_SUMMARY_TEXT}"
    for url in ("/", "/fi/", "/2022/02/15/endast-svenska-2/"):
        leads = page(corpus_site, url).xpath(
            '//main//p[contains(concat(" ", @class, " "), " br-teaser__lead ")'
            ' or contains(concat(" ", @class, " "), " br-article__lead ")]'
        )
        assert expected in [text(lead) for lead in leads], url


@pytest.mark.build
def test_category_page_beyond_the_other_list_offers_its_last_page(tmp_path):
    """Swedish news outnumber Finnish ones: page 3 has no Finnish page 3, so the switcher offers page 2."""
    import sitebuild
    import sitebuild.build

    content = corpus.generate(tmp_path / "content")
    for number in range(1, 6):
        (content / "articles" / f"extra-{number}.sv.md").write_text(
            f"Title: Extra {number}\nDate: 2020-01-0{number} 10:00\nLang: sv\nKey: extra-{number}\n"
            f"Slug: extra-{number}\nCategory: Nyheter\nSummary: Extra nyhet {number}.\nStatus: published\n\n"
            "En nyhet bara på svenska.\n",
            encoding="utf-8",
        )
    output = tmp_path / "output"
    sitebuild.build.run_build(content=content, output=output, quiet=True, now=NOW)
    tree = page(output, "/kategori/nyheter/page/3/")
    link = switcher(tree)["fi"]
    assert (text(link), link.get("href")) == ("Suomi", "/fi/kategoria/uutiset/page/2/")
    # Not the same page, so no hreflang pair is claimed for it.
    hreflangs = {link.get("hreflang") for link in tree.xpath('//link[@rel="alternate"][@hreflang]')}
    assert hreflangs == {"sv", "x-default"}
