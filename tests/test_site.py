"""The real site as a visitor gets it: both languages, the press release, pairing, switcher, attribution."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.support.html import html_pages, one, page, parse, text, url_of
from tests.support.site_facts import (
    ABOUT_FI,
    ABOUT_SV,
    CONFERENCE_FI,
    CONFERENCE_SV,
    CONTACT_FI,
    CONTACT_SV,
    PRESS_FI,
    PRESS_SV,
    SOURCE,
)

# Lines of the press release the theme supplies (label, back link) or that describe the unavailable photo.
NOT_IN_BODY = ("NYHETER 2022-09-15", "Tillbaka till nyhetslistan", "Bild på människors händer")


def lang_of(tree) -> str:
    return tree.xpath("/html/@lang")[0]


def switcher(tree) -> dict[str, object]:
    """The language switcher's links by language code."""
    return {
        link.get("lang"): link
        for link in tree.xpath('//nav[contains(concat(" ", @class, " "), " br-language-switcher ")]//a')
    }


def alternates(tree) -> dict[str, str]:
    return {link.get("hreflang"): link.get("href") for link in tree.xpath('//link[@rel="alternate"][@hreflang]')}


def test_both_languages_have_their_front_page(site):
    assert lang_of(page(site, "/")) == "sv"
    assert lang_of(page(site, "/fi/")) == "fi"


def test_every_page_is_rendered_by_our_theme_in_its_own_language(site):
    for path in html_pages(site):
        tree = parse(path)
        url = url_of(site, path)
        assert tree.xpath("//body/@data-page-type"), f"{url} was not rendered by themes/batteryregion"
        assert lang_of(tree) == ("fi" if url.startswith("/fi/") else "sv"), url


@pytest.mark.parametrize("url", [PRESS_SV, PRESS_FI, CONFERENCE_SV, CONFERENCE_FI, ABOUT_SV, ABOUT_FI])
def test_content_urls_follow_the_old_site(site, url):
    """The old site's addresses: an article at /<year>/<month>/<day>/<slug>/ of the day it was published, a page at
    /<slug>/; the Finnish ones under /fi/. The page is there, in its language, and declares that address."""
    tree = page(site, url)
    assert lang_of(tree) == ("fi" if url.startswith("/fi/") else "sv")
    assert tree.xpath('//link[@rel="canonical"]/@href')[0].endswith(url)
    dated = re.fullmatch(r"(?:/fi)?/(\d{4})/(\d{2})/(\d{2})/[a-z0-9-]+/", url)
    if dated:
        published = tree.xpath('//meta[@property="article:published_time"]/@content')[0]
        assert published.startswith("-".join(dated.groups())), f"{url} is not dated as published ({published})"
    else:
        assert re.fullmatch(r"(?:/fi)?/[a-z0-9-]+/", url)


def source_lines() -> list[str]:
    lines = []
    for raw in SOURCE.read_text(encoding="utf-8").splitlines():
        line = " ".join(raw.replace("•", "").split())
        if line and not line.startswith(NOT_IN_BODY):
            lines.append(line)
    return lines


def test_press_release_reproduces_every_line_of_the_source(site):
    tree = page(site, PRESS_SV)
    article = one(tree, "//main//article")
    body = text(article)
    title, *rest = source_lines()
    assert text(one(article, ".//h1")) == title
    facts = {text(dt): text(dt.getnext()) for dt in article.xpath(".//dl/dt")}
    for line in rest:
        label, _, value = line.partition(": ")
        if value.startswith("https://batteryregion.eu"):
            # A link line: the link leads to the same place within this site.
            path = urlsplit(value).path or "/"
            hrefs = [a.get("href") for a in article.xpath(".//a")]
            assert path in hrefs, f"no link to {path} for {label!r}"
        elif label in {"När", "Plats", "Moderator"}:
            assert facts[label] == value
        else:
            assert line in body, f"source line missing from the article: {line!r}"


def test_press_release_contacts_are_working_links(site):
    article = one(page(site, PRESS_SV), "//main//article")
    hrefs = {a.get("href") for a in article.xpath(".//a")}
    assert "tel:+46761172965" in hrefs
    assert "mailto:sara.ward.edvall@regionvasterbotten.se" in hrefs
    assert "mailto:sanni.pietila@osao.fi" in hrefs


def test_no_photo_is_faked(site):
    assert page(site, PRESS_SV).xpath("//main//img") == []


def test_press_release_and_translation_are_paired_both_ways(site):
    sv, fi = page(site, PRESS_SV), page(site, PRESS_FI)
    assert switcher(sv)["fi"].get("href") == PRESS_FI
    assert switcher(fi)["sv"].get("href") == PRESS_SV
    for tree in (sv, fi):
        assert alternates(tree) == {"sv": PRESS_SV, "fi": PRESS_FI, "x-default": PRESS_SV}


def test_finnish_article_says_it_is_a_translation_and_links_the_original(site):
    note = one(page(site, PRESS_FI), '//*[contains(concat(" ", @class, " "), " br-translation-note ")]')
    assert "käännös ruotsinkielisestä" in text(note)
    link = one(note, ".//a")
    assert (link.get("href"), link.get("hreflang")) == (PRESS_SV, "sv")


def test_finnish_quote_is_marked_as_translated(site):
    quote = one(page(site, PRESS_FI), "//main//blockquote")
    following = text(quote.getnext())
    assert "Rickard Carstedt" in text(quote)
    assert "käännetty ruotsista" in following


def test_pages_are_paired(site):
    for sv, fi in ((ABOUT_SV, ABOUT_FI), (CONTACT_SV, CONTACT_FI)):
        assert switcher(page(site, sv))["fi"].get("href") == fi
        assert switcher(page(site, fi))["sv"].get("href") == sv


def test_hreflang_links_are_clean_and_complete_on_every_page(site):
    for path in html_pages(site):
        tree = parse(path)
        url = url_of(site, path)
        links = alternates(tree)
        # A 404 page is served at every missing address: it has no versions to name (tests/test_404.py).
        if tree.xpath('//body[@data-page-type="not_found"]'):
            assert not links, f"{url}: a 404 page names hreflang alternates"
        else:
            assert links[lang_of(tree)] == url, f"{url}: no hreflang link to itself"
            assert "x-default" in links, url
        hrefs = tree.xpath("//@href | //@src")
        assert not [h for h in hrefs if "/../" in h or h.startswith("../")], f"{url}: unnormalised URL"


def test_switcher_names_each_language_in_itself(site):
    for url in ("/", "/fi/", PRESS_SV, PRESS_FI):
        links = switcher(page(site, url))
        assert text(links["sv"]).startswith("Svenska")
        assert text(links["fi"]).startswith("Suomi")
        for lang, link in links.items():
            assert link.get("hreflang") == lang
        current = [lang for lang, link in links.items() if link.get("aria-current")]
        assert current == [("fi" if url.startswith("/fi/") else "sv")]


def test_article_page_has_label_lead_and_way_back(site):
    for url, label, lead, back, home in (
        (PRESS_SV, "Nyheter", "Den 22 september presenterar projektet", "Tillbaka till nyhetslistan", "/"),
        (PRESS_FI, "Uutiset", "Battery Region -hanke esittelee 22. syyskuuta", "Takaisin uutislistaan", "/fi/"),
    ):
        tree = page(site, url)
        assert text(one(tree, '//main//p[contains(concat(" ", @class, " "), " br-label ")]')).startswith(label)
        lead_text = text(one(tree, '//main//p[contains(concat(" ", @class, " "), " br-article__lead ")]'))
        assert lead_text.startswith(lead)
        category = one(tree, '//main//p[contains(concat(" ", @class, " "), " br-article__category ")]')
        assert text(category) == ("Kategori: Nyheter" if url == PRESS_SV else "Luokka: Uutiset")
        back_link = [a for a in tree.xpath("//main//a") if text(a) == back]
        assert back_link and back_link[0].get("href") == home


def test_finnish_pages_have_a_finnish_interface(site):
    tree = page(site, "/fi/")
    assert text(one(tree, '//a[contains(concat(" ", @class, " "), " br-skip-link ")]')) == "Siirry pääsisältöön"
    assert one(tree, '//nav[contains(concat(" ", @class, " "), " br-nav ")]').get("aria-label") == "Päävalikko"
    nav = [text(a) for a in tree.xpath('//nav[contains(concat(" ", @class, " "), " br-nav ")]//a')]
    assert nav == ["Uutiset", "Tapahtumat", "Tietoa hankkeesta", "Yhteystiedot", "Haku"]
    assert text(one(tree, "//h1")) == "Uutiset"


def test_news_list_introduces_the_project_and_links_the_about_page(site):
    for url, about in (("/", ABOUT_SV), ("/fi/", ABOUT_FI)):
        intro = one(page(site, url), '//*[contains(concat(" ", @class, " "), " br-intro ")]')
        assert "Interreg Nord" in text(intro)
        assert about in intro.xpath(".//a/@href")


def test_news_list_is_newest_first_with_date_title_lead_and_link(site):
    items = page(site, "/").xpath('//ul[contains(concat(" ", @class, " "), " br-news-list ")]/li')
    hrefs = [one(item, ".//h2/a").get("href") for item in items]
    assert hrefs == [PRESS_SV, CONFERENCE_SV]
    for item in items:
        # The publication date (an event's teaser also names the day of the event, in its own <time>).
        assert one(item, './/p[contains(concat(" ", @class, " "), " br-teaser__meta ")]/time').get("datetime")
        assert text(one(item, './/p[contains(concat(" ", @class, " "), " br-teaser__lead ")]'))


def test_header_project_name_links_home(site):
    for url, home in ((PRESS_SV, "/"), (PRESS_FI, "/fi/")):
        assert one(page(site, url), '//a[contains(concat(" ", @class, " "), " br-header__home ")]').get("href") == home


@pytest.mark.parametrize(
    ("lang", "union", "fund"),
    [
        ("sv", "Europeiska unionen", "Europeiska regionala utvecklingsfonden"),
        ("fi", "Euroopan unioni", "Euroopan aluekehitysrahasto"),
    ],
)
def test_eu_attribution_on_every_page(site, lang, union, fund):
    for path in html_pages(site):
        tree = parse(path)
        if lang_of(tree) != lang:
            continue
        block = one(tree, '//header//*[contains(concat(" ", @class, " "), " br-eu-attribution ")]')
        assert one(block, ".//img").get("src").endswith("/img/eu-emblem.svg")
        assert text(one(block, './/*[contains(concat(" ", @class, " "), " br-eu-attribution__union ")]')) == union
        assert text(one(block, './/*[contains(concat(" ", @class, " "), " br-eu-attribution__fund ")]')) == fund
        assert "Interreg Nord" in text(one(tree, "/html/body/footer"))


def test_project_ended_notice_on_every_page(site):
    for path in html_pages(site):
        tree = parse(path)
        notice = text(one(tree, '//*[contains(concat(" ", @class, " "), " br-project-notice ")]'))
        assert notice.startswith("Hanke on päättynyt." if lang_of(tree) == "fi" else "Projektet är avslutat.")


def test_no_external_resources_in_markup_or_css(site):
    loaded = "//link[not(@rel='alternate' or @rel='canonical')]/@href | //script/@src | //img/@src | //iframe/@src | //source/@src"
    for path in html_pages(site):
        for url in parse(path).xpath(loaded):
            assert urlsplit(url).netloc == "", f"{url_of(site, path)} loads {url}"
    for stylesheet in site.rglob("*.css"):
        for url in re.findall(r"url\(([^)]*)\)", stylesheet.read_text()):
            assert "//" not in url, f"{stylesheet} loads {url}"


def test_stylesheet_and_fonts_are_served_for_both_languages(site):
    for url in ("/", "/fi/"):
        href = one(page(site, url), '//link[@rel="stylesheet"]').get("href")
        assert href == "/theme/css/main.css"
    assert (site / "theme" / "css" / "main.css").is_file()
    assert list((site / "theme" / "fonts").glob("ubuntu-*.woff2"))
    assert (site / "theme" / "img" / "favicon.svg").is_file()


def test_the_current_page_is_marked_in_the_navigation_or_footer(site):
    """A screen-reader user hears "current page" on every content page, wherever its link lives."""
    for path in html_pages(site):
        tree = parse(path)
        if tree.xpath("//body/@data-page-type")[0] != "page":
            continue
        url = url_of(site, path)
        current = tree.xpath('//header//a[@aria-current="page"]/@href | //footer//a[@aria-current="page"]/@href')
        assert url in current, f"{url}: no link to it marked aria-current"
