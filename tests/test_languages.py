"""Languages are configuration: the fixture corpus built in four languages, sv (main), fi, en and nb.

English and Norwegian bokmål are added by settings and catalogs only (tests/support/languages.py says how); every
per-language assertion runs for each of the four. The real site stays Swedish and Finnish.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from babel.messages.pofile import read_po
from icalendar import Calendar

import sitebuild
import sitebuild.build
import sitebuild.deploy
import sitebuild.validate
from plugins.language_sentences import LanguageSentencesError, check_sentences
from sitebuild.catalogs import check_catalogs
from sitebuild.validate import content_settings
from tests.support import languages as four
from tests.support.clock import NOW, at_moment
from tests.support.content_check import INVOKE, reported, run
from tests.support.search import search, serve_with_csp, words_of

LANGS = four.LANGUAGES
NAMES = {"sv": "Svenska", "fi": "Suomi", "en": "English", "nb": "Norsk bokmål"}
# What each language's catalog says for one interface string and for "not translated" (English: the msgid).
PAGE_NOT_FOUND = {
    "sv": "Sidan hittades inte",
    "fi": "Sivua ei löytynyt",
    "en": "Page not found",
    "nb": "Fant ikke siden",
}
NOT_TRANSLATED = {"sv": "inte översatt", "fi": "ei käännöstä", "en": "not translated", "nb": "ikke oversatt"}
ONLY_IN_NORWEGIAN = {"sv": "Endast på norska", "fi": "Vain norjaksi", "en": "In Norwegian only"}
IN_FINNISH = {"sv": "På finska", "en": "In Finnish"}
SITEURL = "https://batteryregion.eu"


def root(lang: str) -> str:
    return "/" if lang == four.MAIN else f"/{lang}/"


def folder(site: Path, lang: str) -> Path:
    return site if lang == four.MAIN else site / lang


def parse(path: Path):
    return lxml.html.parse(str(path)).getroot()


def by_class(tree, name: str) -> list:
    return tree.xpath(f'.//*[contains(concat(" ", normalize-space(@class), " "), " {name} ")]')


def article_path(site: Path, key: str, lang: str) -> Path:
    return next(folder(site, lang).glob(f"20*/*/*/{key}-{lang}/index.html"))


@pytest.fixture(scope="module")
def four_languages(tmp_path_factory) -> tuple[Path, Path, Path]:
    """The four-language corpus: its content folder, its settings file and its built site."""
    work = tmp_path_factory.mktemp("four-languages")
    content = four.generate(work / "content")
    settings = four.settings_file(work)
    output = work / "output"
    sitebuild.build.run_build(content=content, output=output, settings=settings, quiet=True, now=NOW)
    return content, settings, output


@pytest.fixture(scope="module")
def site4(four_languages) -> Path:
    return four_languages[2]


# The switcher and hreflang ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_switcher_names_every_language_in_itself_and_lands_on_the_counterpart(site4, lang):
    tree = parse(
        article_path(site4, four.IN_ALL, lang)
        if lang in ("en", "nb")
        else next(
            folder(site4, lang).glob("2021/*/*/*-nyhet-1/index.html")
            if lang == "sv"
            else folder(site4, lang).glob("2021/*/*/*-uutinen-1/index.html")
        )
    )
    assert tree.get("lang") == lang
    links = by_class(tree, "br-language-switcher__link")
    assert [(link.get("lang"), link.text_content().strip()) for link in links] == list(NAMES.items())
    for link in links:
        other = link.get("lang")
        assert link.get("hreflang") == other
        assert (link.get("aria-current") == "true") == (other == lang)
        # Every version exists: each link is the counterpart itself, in its own folder.
        assert link.get("href").startswith(root(other)) and link.get("href") != root(other)
        assert "/../" not in link.get("href")
    alternates = {
        link.get("hreflang"): link.get("href") for link in tree.xpath('//head/link[@rel="alternate"][@hreflang]')
    }
    assert set(alternates) == {*LANGS, "x-default"}
    assert alternates["x-default"] == alternates[four.MAIN]
    for other in LANGS:
        address = alternates[other].removeprefix(SITEURL)
        assert address.startswith(root(other)) and address != root(other) and "/../" not in address


def test_sitemap_alternates_match_the_pages(site4):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    sitemap = lxml.etree.parse(str(site4 / "sitemap.xml")).getroot()
    page = parse(article_path(site4, four.IN_ALL, "nb"))
    declared = {
        link.get("hreflang"): link.get("href") for link in page.xpath('//head/link[@rel="alternate"][@hreflang]')
    }
    url = sitemap.xpath(f's:url[s:loc="{SITEURL}/nb/2021/01/11/{four.IN_ALL}-nb/"]', namespaces=ns)[0]
    listed = {link.get("hreflang"): link.get("href") for link in url.xpath("x:link", namespaces=ns)}
    assert set(listed) == {*LANGS, "x-default"}
    assert {lang: href.removeprefix(SITEURL) for lang, href in listed.items()} == {
        lang: href.removeprefix(SITEURL) for lang, href in declared.items()
    }


@pytest.mark.parametrize("lang", LANGS)
def test_switcher_says_in_the_target_language_that_a_page_is_not_translated(site4, lang):
    """From a page in one language only, every other language's link says so in that language, to its front page."""
    only = {"sv": four.SV_ONLY, "en": four.EN_ONLY, "nb": four.NB_ONLY}
    source_lang = "nb" if lang == "nb" else ("en" if lang == "en" else "sv")
    key = only[source_lang]
    path = article_path(site4, key, source_lang) if source_lang != "sv" else site4 / "2022/01/15" / key / "index.html"
    tree = parse(path)
    for link in by_class(tree, "br-language-switcher__link--untranslated"):
        other = link.get("lang")
        assert link.get("href") == root(other)
        assert NOT_TRANSLATED[other] in link.text_content(), other
        assert NAMES[other] in link.text_content()
    untranslated = {link.get("lang") for link in by_class(tree, "br-language-switcher__link--untranslated")}
    assert untranslated == set(LANGS) - {source_lang}
    alternates = {link.get("hreflang") for link in tree.xpath('//head/link[@rel="alternate"][@hreflang]')}
    assert alternates <= {source_lang, "x-default"}


@pytest.mark.parametrize("lang", LANGS)
def test_page_n_and_category_pages_switch_to_every_language(site4, lang):
    tree = parse(folder(site4, lang) / "page" / "2" / "index.html")
    links = {link.get("lang"): link for link in by_class(tree, "br-language-switcher__link")}
    for other in LANGS:
        assert links[other].get("href") == f"{root(other)}page/2/", other
    categories = list((folder(site4, lang)).glob("kategori*/*/index.html")) + list(
        folder(site4, lang).glob("category/*/index.html")
    )
    assert categories, f"{lang} has category pages"
    for page in categories:
        for link in by_class(parse(page), "br-language-switcher__link"):
            assert link.get("href").startswith(root(link.get("lang"))), (page, link.get("href"))


# News lists: every group once, linking to its original -----------------------------------------------------


def news_entries(site4: Path, lang: str) -> list[tuple[str, str, str | None, str]]:
    """(title, href, lang of the title, mark) of every entry of the news list, over all its pages."""
    entries = []
    pages = [folder(site4, lang) / "index.html", *sorted(folder(site4, lang).glob("page/*/index.html"))]
    for page in pages:
        for item in by_class(parse(page), "br-news-list__item"):
            link = by_class(item, "br-teaser__link")[0]
            mark = by_class(item, "br-teaser__language")
            entries.append(
                (
                    link.text_content(),
                    link.get("href"),
                    link.getparent().get("lang"),
                    mark[0].text_content().strip() if mark else "",
                )
            )
    return entries


@pytest.mark.parametrize("lang", LANGS)
def test_news_list_holds_every_group_once(site4, lang):
    entries = news_entries(site4, lang)
    titles = [title for title, *_ in entries]
    assert len(titles) == len(set(titles))
    # The same number of groups in every language: 21 pairs, 3 one-language corpus items, and ITEMS but par-*.
    assert len(entries) == 21 + 3 + len([key for key in four.ITEMS if not key.startswith("par-")])


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "nb"])
def test_one_language_article_is_listed_in_every_other_language_marked_and_linking_to_it(site4, lang):
    entries = {title: rest for title, *rest in news_entries(site4, lang)}
    href, title_lang, mark = entries[f"{four.NB_ONLY} nb"]
    assert href == f"/nb/2022/06/15/{four.NB_ONLY}-nb/"
    assert title_lang == "nb"
    assert mark == ONLY_IN_NORWEGIAN.get(lang, "Bare på norsk")
    # No duplicate page is written outside Norwegian.
    assert not list(folder(site4, lang).glob(f"2022/06/15/{four.NB_ONLY}-nb"))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_article_in_some_languages_is_listed_once_as_its_original(site4, lang):
    """fi original, nb translation: the Swedish and English lists show the Finnish original, marked "in Finnish"."""
    entries = [entry for entry in news_entries(site4, lang) if entry[0].startswith(four.FI_NB)]
    assert entries == [(f"{four.FI_NB} fi", f"/fi/2022/06/15/{four.FI_NB}-fi/", "fi", IN_FINNISH[lang])]


def test_pair_missing_norwegian_is_listed_in_norwegian_as_its_swedish_original(site4):
    entries = [entry for entry in news_entries(site4, "nb") if entry[1].endswith("/svensk-nyhet-2/")]
    assert entries == [("Svensk nyhet 2", "/2021/01/18/svensk-nyhet-2/", "sv", "På svensk")]


@pytest.mark.parametrize("lang", LANGS)
def test_a_draft_translation_is_never_published_and_the_published_versions_are_unaffected(site4, lang):
    """A group published in Swedish (its original) and Finnish whose English and Norwegian are drafts builds (a
    warning would fail it): the drafts are written nowhere, the published versions link only each other."""
    drafts = four.DRAFTS[four.DRAFTED]
    assert not [
        path for path in site4.rglob(f"{four.DRAFTED}-*") if path.name.removeprefix(f"{four.DRAFTED}-") in drafts
    ]
    published = [code for code in four.ITEMS[four.DRAFTED] if code not in drafts]
    if lang in published:
        tree = parse(article_path(site4, four.DRAFTED, lang))
        alternates = {link.get("hreflang") for link in tree.xpath('//head/link[@rel="alternate"][@hreflang]')}
        assert alternates == {*published, "x-default"}
        untranslated = {link.get("lang") for link in by_class(tree, "br-language-switcher__link--untranslated")}
        assert untranslated == set(drafts)
    entries = [entry for entry in news_entries(site4, lang) if entry[0].startswith(four.DRAFTED)]
    shown = lang if lang in published else four.MAIN
    assert [(title, href) for title, href, *_ in entries] == [
        (f"{four.DRAFTED} {shown}", f"{root(shown)}2022/06/15/{four.DRAFTED}-{shown}/")
    ]


def test_a_translation_dated_after_the_build_s_now_is_a_draft_and_a_group_of_its_own():
    """plugins/schedule holds it back as a draft; news_list asks it first, as signal handlers run in no fixed order,
    so Pelican never sees it as a draft marked a translation (the build of the English site would warn)."""
    from pelican.contents import Article

    from plugins.news_list.news_list import mark_translation

    settings = content_settings(sitebuild.ROOT / "content", four.FOUR_LANGUAGES) | {"DEFAULT_LANG": "en"}
    settings["BUILD_NOW"] = NOW
    moment = datetime.fromisoformat(NOW)

    def version(lang: str, date: datetime) -> Article:
        metadata = {"title": lang, "lang": lang, "key": "x", "date": date, "status": "published", "original": "sv"}
        return Article("<p>x</p>", metadata=metadata, settings=settings, source_path=f"articles/x.{lang}.md")

    published, scheduled = version("fi", moment - timedelta(hours=1)), version("nb", moment + timedelta(hours=1))
    for item in (published, scheduled):
        mark_translation(item)
    assert (published.status, published.key, published.metadata.get("translation")) == ("published", "x", "true")
    assert scheduled.status == "draft" and scheduled.key != "x" and "translation" not in scheduled.metadata


# Feeds, calendar, search, 404, interface strings -------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_feed_of_each_language_holds_its_own_articles(site4, lang):
    feed = lxml.etree.parse(str(folder(site4, lang) / "feeds" / "atom.xml")).getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    ns = {"a": "http://www.w3.org/2005/Atom"}
    hrefs = feed.xpath("a:entry/a:link/@href", namespaces=ns)
    assert hrefs and all(href.startswith(SITEURL + root(lang)) for href in hrefs)
    if lang != four.MAIN:
        assert all(not href.startswith(f"{SITEURL}/{other}/") for href in hrefs for other in LANGS if other != lang)


# What each language says of the events (its catalog) and how it writes their day (its Babel locale).
EVENTS = {"sv": "Evenemang", "fi": "Tapahtumat", "en": "Events", "nb": "Arrangementer"}
EVENT_DAY = {
    "sv": "22 september 2022",
    "fi": "22. syyskuuta 2022",
    "en": "22 September 2022",
    "nb": "22. september 2022",
}
EVENT_PLACE = {
    "sv": "Stora salen eller digitalt",
    "fi": "Iso sali tai verkossa",
    "en": "The main hall or online",
    "nb": "Store sal eller digitalt",
}
EVENT_LABELS = {"sv": ["När", "Plats"], "fi": ["Milloin", "Missä"], "en": ["When", "Where"], "nb": ["Når", "Sted"]}
# The times as each language writes them (LANGUAGES "clock").
EVENT_TIMES = {
    "sv": ["kl. 9.00–15.00 svensk tid (UTC+2)", "kl. 10.00–16.00 finsk tid (UTC+3)"],
    "fi": ["klo 9.00–15.00 Ruotsin aikaa (UTC+2)", "klo 10.00–16.00 Suomen aikaa (UTC+3)"],
    "en": ["09:00–15:00 Swedish time (UTC+2)", "10:00–16:00 Finnish time (UTC+3)"],
    "nb": ["kl. 09:00–15:00 svensk tid (UTC+2)", "kl. 10:00–16:00 finsk tid (UTC+3)"],
}
ADD_TO_CALENDAR = {
    "sv": "Lägg till i kalender",
    "fi": "Lisää kalenteriin",
    "en": "Add to calendar",
    "nb": "Legg til i kalenderen",
}
IN_ENGLISH = {"sv": "På engelska", "fi": "Englanniksi"}


def language_pages(lang: str) -> dict[str, str]:
    """The addresses of the pages the theme writes in `lang` (LANGUAGES "pages" of the four-language settings)."""
    return content_settings(sitebuild.ROOT / "content", four.FOUR_LANGUAGES)["LANGUAGES"][lang]["pages"]


def event_address(key: str, lang: str) -> str:
    return f"{root(lang)}{four.EVENTS[key]['Date'][:10].replace('-', '/')}/{key}-{lang}/"


@pytest.mark.parametrize("lang", LANGS)
def test_events_page_of_each_language_lists_every_event_once_in_its_words_and_dates(site4, lang):
    tree = parse(folder(site4, lang) / language_pages(lang)["events"] / "index.html")
    assert tree.get("lang") == lang
    assert tree.xpath("//main//h1")[0].text_content().strip() == EVENTS[lang]

    def listed(section: str) -> list:
        return tree.xpath(f"//main//section[@aria-labelledby='br-events-{section}']//li")

    [past], [upcoming] = listed("past"), listed("upcoming")
    # The event in all four: this language's own version, its day in this language's words.
    assert past.xpath(".//h3/a/@href") == [event_address(four.EVENT_ALL, lang)]
    day = past.xpath(".//time")[0]
    assert (day.text_content(), day.get("datetime")) == (EVENT_DAY[lang], "2022-09-22")
    assert by_class(past, "br-event-list__where")[0].text_content().strip() == EVENT_PLACE[lang]
    # The event in English and Norwegian: Norwegian shows its own; the others the English original, marked.
    shown = "nb" if lang == "nb" else "en"
    assert upcoming.xpath(".//h3/a/@href") == [event_address(four.EVENT_SOME, shown)]
    if lang in IN_ENGLISH:
        assert upcoming.xpath(".//h3/@lang") == ["en"]
        assert by_class(upcoming, "br-event-list__language")[0].text_content().strip() == IN_ENGLISH[lang]
    feed = tree.xpath("//main//a[@type='text/calendar']/@href")
    assert feed == [root(lang) + language_pages(lang)["calendar"]]


@pytest.mark.parametrize("lang", LANGS)
def test_calendar_feed_of_each_language_holds_its_own_events_in_its_words(site4, lang):
    calendar = Calendar.from_ical((folder(site4, lang) / language_pages(lang)["calendar"]).read_bytes())
    assert str(calendar["NAME"]) == f"Battery Region – {EVENTS[lang]}"
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    # Only the languages with a version of the English event have it in their own feed.
    own = [four.EVENT_ALL, *([four.EVENT_SOME] if lang in ("en", "nb") else [])]
    assert sorted(events) == sorted(f"event-{key}@batteryregion.eu" for key in own)
    for key in own:
        event = events[f"event-{key}@batteryregion.eu"]
        assert str(event["SUMMARY"]) == f"{key} {lang}"
        assert event["SUMMARY"].params["LANGUAGE"] == event["LOCATION"].params["LANGUAGE"] == lang
        assert str(event["URL"]) == SITEURL + event_address(key, lang)
    assert str(events[f"event-{four.EVENT_ALL}@batteryregion.eu"]["LOCATION"]) == EVENT_PLACE[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_event_page_of_each_language_gives_the_facts_in_its_words_and_its_own_calendar_file(site4, lang):
    tree = parse(site4 / event_address(four.EVENT_ALL, lang).lstrip("/") / "index.html")
    facts = by_class(tree, "br-event-facts__list")[0]
    assert [term.text_content().strip() for term in facts.xpath("./dt")] == EVENT_LABELS[lang]
    when = facts.xpath("./dd")[0]
    assert when.xpath("./time")[0].text_content() == EVENT_DAY[lang]
    assert [" ".join(line.text_content().split()) for line in by_class(when, "br-event-facts__time")] == EVENT_TIMES[
        lang
    ]
    [link] = by_class(tree, "br-event-facts__calendar-link")
    assert link.text_content().strip() == ADD_TO_CALENDAR[lang]
    [event] = Calendar.from_ical((site4 / link.get("href").lstrip("/")).read_bytes()).walk("VEVENT")
    assert str(event["LOCATION"]) == EVENT_PLACE[lang] and event["LOCATION"].params["LANGUAGE"] == lang


def indexed_pages(site4: Path, lang: str) -> list[Path]:
    """The pages of a language Pagefind indexes: <html lang> that language, with a `data-pagefind-body`."""
    return [
        path
        for path in site4.rglob("*.html")
        if (tree := parse(path)).get("lang") == lang and tree.xpath("//*[@data-pagefind-body]")
    ]


def test_search_has_one_index_per_language_with_its_own_stemmer(site4):
    """Pagefind makes one index per <html lang>, of that language's pages only, searched with its build for that
    language (wasm.<lang>.pagefind; none for a language it knows nothing of). The stemming: the test below."""
    languages = json.loads((site4 / "pagefind" / "pagefind-entry.json").read_text())["languages"]
    assert sorted(languages) == sorted(LANGS)
    for lang in LANGS:
        assert languages[lang]["page_count"] == len(indexed_pages(site4, lang)), lang
        assert languages[lang]["wasm"] == lang
        assert (site4 / "pagefind" / f"wasm.{lang}.pagefind").is_file()
        assert (site4 / "pagefind" / f"pagefind.{languages[lang]['hash']}.pf_meta").is_file()


@pytest.fixture(scope="module")
def strict_site4(site4) -> Iterator[str]:
    yield from serve_with_csp(site4)


@pytest.mark.parametrize("lang", LANGS)
def test_search_of_each_language_finds_the_event_by_an_inflected_form(tab, site4, strict_site4, lang):
    address = event_address(four.EVENT_ALL, lang)
    query = four.INFLECTED[lang]
    assert query not in words_of(site4, address), f"{query!r} occurs verbatim: it would prove no stemming"
    found = search(tab, strict_site4, root(lang) + language_pages(lang)["search"], query)
    assert address in found
    # The language's own index: only its own pages.
    others = [other for other in LANGS if other not in (lang, four.MAIN)]
    assert all(url.startswith(root(lang)) and not url.startswith(tuple(f"/{o}/" for o in others)) for url in found)


@pytest.mark.parametrize("lang", LANGS)
def test_404_page_of_each_language_speaks_it(site4, lang):
    tree = parse(folder(site4, lang) / "404.html")
    assert tree.get("lang") == lang
    assert tree.xpath("//h1")[0].text_content().strip() == PAGE_NOT_FOUND[lang]
    if lang == four.MAIN:
        # The main site's 404 answers misses outside every folder: it speaks every language.
        sections = {section.get("lang"): section for section in by_class(tree, "br-not-found__other")}
        assert set(sections) == set(LANGS) - {four.MAIN}
        for other, section in sections.items():
            assert section.xpath(".//h2")[0].text_content().strip() == PAGE_NOT_FOUND[other]


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_every_interface_string_comes_from_the_language_s_catalog(four_languages, lang):
    """No English msgid shows on a page of a language with a catalog: every msgstr differs or is a name."""
    _content, settings, site4 = four_languages
    localedir = Path(content_settings(four_languages[0], settings)["I18N_GETTEXT_LOCALEDIR"])
    with (localedir / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    untranslated = {m.id for m in catalog if m.id and isinstance(m.id, str) and m.string == m.id}
    english = {m.id for m in catalog if m.id and isinstance(m.id, str) and len(m.id) > 12} - untranslated
    text = parse(folder(site4, lang) / "index.html").text_content()
    shown = {msgid for msgid in english if msgid in text}
    assert not shown, f"English interface text on the {lang} front page: {shown}"


# Adding a language: settings and a catalog, or a message that says what is missing ------------------------------


class _Pelican:
    def __init__(self, settings: dict) -> None:
        self.settings = settings


@pytest.mark.parametrize(
    ("remove", "expected"),
    [
        (("pages", "search"), 'LANGUAGES["nb"] (Norsk bokmål) has no "search" in "pages"'),
        (("locale",), 'LANGUAGES["nb"] (Norsk bokmål) has no "locale"'),
        (("sentences", "in_language"), 'LANGUAGES["nb"] (Norsk bokmål) has no sentence "in_language"'),
    ],
)
def test_a_language_lacking_what_it_needs_is_refused_naming_it(remove, expected):
    settings = content_settings(sitebuild.ROOT / "content", four.FOUR_LANGUAGES)
    entry = settings["LANGUAGES"]["nb"]
    for key in remove[:-1]:
        entry = entry[key]
    del entry[remove[-1]]
    with pytest.raises(LanguageSentencesError, match=re.escape(expected)):
        check_sentences(_Pelican(settings))


def test_a_language_without_its_clock_pattern_fails_the_build_naming_it(tmp_path):
    settings = four.settings_file(tmp_path)
    with settings.open("a", encoding="utf-8") as file:
        # A copy without it: the settings module of the fixture is read more than once in this process.
        file.write('LANGUAGES = {**LANGUAGES, "nb": {k: v for k, v in LANGUAGES["nb"].items() if k != "clock"}}\n')
    content = four.generate(tmp_path / "content")
    expected = 'LANGUAGES["nb"] (Norsk bokmål) has no "clock", the Babel (CLDR) pattern of a time of day on its pages'
    with pytest.raises(sitebuild.BuildError, match=re.escape(expected)):
        sitebuild.build.run_build(content=content, output=tmp_path / "out", settings=settings, quiet=True, now=NOW)


def test_a_locale_babel_does_not_know_is_refused():
    settings = content_settings(sitebuild.ROOT / "content", four.FOUR_LANGUAGES)
    settings["LANGUAGES"]["nb"]["locale"] = "xx_NOPE"
    with pytest.raises(LanguageSentencesError, match=r'LANGUAGES\["nb"\].*locale \'xx_NOPE\''):
        check_sentences(_Pelican(settings))


def test_a_language_without_a_catalog_is_refused_naming_it(tmp_path):
    settings = content_settings(sitebuild.ROOT / "content", four.settings_file(tmp_path))
    (Path(settings["I18N_GETTEXT_LOCALEDIR"]) / "nb" / "LC_MESSAGES" / "messages.po").unlink()
    problems = check_catalogs(settings=settings)
    assert any('LANGUAGES["nb"] (Norsk bokmål) has no interface catalog' in problem for problem in problems)
    # English is the templates' own language: it never needs one.
    assert not any("/en/" in problem for problem in problems)


def test_the_four_language_catalogs_are_complete(tmp_path):
    assert check_catalogs(settings=content_settings(sitebuild.ROOT / "content", four.settings_file(tmp_path))) == []


def test_a_language_without_archetypes_fails_the_build_naming_the_files(tmp_path, monkeypatch):
    import sitebuild.editors.new_item as new_item_module

    archetypes = tmp_path / "archetypes"
    archetypes.mkdir()
    for path in new_item_module.ARCHETYPES.glob("*.md"):
        if ".nb." not in path.name:
            (archetypes / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(new_item_module, "ARCHETYPES", archetypes)
    content = four.generate(tmp_path / "content")
    with pytest.raises(sitebuild.BuildError, match=r"\(nb\) has no .*original\.nb\.md"):
        sitebuild.build.run_build(
            content=content, output=tmp_path / "out", settings=four.settings_file(tmp_path), quiet=True, now=NOW
        )


# A smoke check on top: no language code written into the theme, the plugins or the build ---------------------

# A string that is a language code, a language's folder or locale, or a content file's language suffix:
# "fi", "/fi/", "fi/", "fi_FI", ".fi", ".fi.md" (for each code of the four languages).
_CODES = "|".join(LANGS)
LANGUAGE_LITERAL = re.compile(rf"(?:/?(?:{_CODES})(?:/|_[A-Z]{{2}})?|\.(?:{_CODES})(?:\.md)?)")
# Those that are not language logic, each with why it may stay.
ALLOWED_LANGUAGE_LITERALS = {
    ("plugins/content_check/problem.py", "en"): "the check's messages are in English: it names languages in English",
}


def language_literals() -> list[tuple[str, int, str]]:
    """(file, line, string) of every language-code string in the templates and in the Python of plugins/ and
    sitebuild/ (docstrings and prose never match: the whole string must be the code)."""
    found = []
    for path in sorted((sitebuild.THEME / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(rf"""["']({LANGUAGE_LITERAL.pattern})["']""", text):
            found.append((path, text.count("\n", 0, match.start()) + 1, match.group(1)))
    for package in ("plugins", "sitebuild"):
        for path in sorted((sitebuild.ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and LANGUAGE_LITERAL.fullmatch(str(node.value)):
                    found.append((path, node.lineno, node.value))
    return [(path.relative_to(sitebuild.ROOT).as_posix(), line, value) for path, line, value in found]


def test_no_template_plugin_or_build_module_names_a_language_code():
    """Languages come from LANGUAGES, so a new one needs settings and a catalog only; the proof is the
    four-language build above, this scan a smoke check for code that would need changing."""
    found = [
        f"{path}:{line}: {value!r}"
        for path, line, value in language_literals()
        if (path, value) not in ALLOWED_LANGUAGE_LITERALS
    ]
    assert found == []
    # Every allowance is still needed.
    assert {(path, value) for path, _line, value in language_literals()} >= set(ALLOWED_LANGUAGE_LITERALS)


# The editors' tools with four languages, through the command line (--settings) ----------------------------------

# The clock `invoke new` runs at (UTC), and the same moment in the site's zone for `invoke check --now`.
NEW_AT, CHECK_AT = "2031-05-05 10:00:00", "2031-05-05T12:00"


@pytest.fixture
def project4(tmp_path) -> tuple[Path, list[str]]:
    """A project folder whose content/ is the four-language corpus, and the options naming both for invoke."""
    content = four.generate(tmp_path / "content")
    return tmp_path, ["--content", str(content), "--settings", str(four.settings_file(tmp_path))]


def test_invoke_new_with_four_languages_writes_one_draft_per_language_that_pass_invoke_check(project4):
    project, options = project4
    result = at_moment(NEW_AT, [*INVOKE, "new", "A new item", "--lang", "en", *options], cwd=project, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Created 4 drafts of a new article:" in result.stdout
    drafts = {path.name.split(".")[-2]: path for path in (project / "content" / "articles").glob("*-a-new-item.*.md")}
    assert set(drafts) == set(LANGS)
    for lang, path in drafts.items():
        fields = dict(line.split(": ", 1) for line in path.read_text(encoding="utf-8").split("\n\n")[0].splitlines())
        assert fields["Lang"] == lang
        assert fields["Category"] == four.CATEGORY[lang]
        assert fields.get("Original") == (None if lang == "en" else "en"), path.name
    check = run(project, "check", *options, "--now", CHECK_AT)
    assert check.returncode == 0, check.stdout
    assert check.stdout.splitlines()[-1].startswith("No problems in ")
    # The same content under the site's own settings (sv and fi): the English and Norwegian files are refused.
    without = run(project, "check", "--content", options[1], "--now", CHECK_AT)
    assert without.returncode == 1


def test_invoke_translations_with_four_languages_reports_a_missing_translation_as_missing(project4):
    project, options = project4
    result = run(project, "translations", "--format", "json", *options)
    assert result.returncode == 0, result.stderr
    groups = {item["key"]: item for item in json.loads(result.stdout)["items"]}
    assert groups[four.IN_SOME]["missing"] == ["nb"]
    assert sorted(groups[four.FI_NB]["missing"]) == ["en", "sv"]
    assert groups[four.FI_NB]["original"] == "fi"
    assert sorted(groups[four.IN_ALL]["files"]) == sorted(LANGS)
    text = run(project, "translations", *options)
    assert text.returncode == 0, text.stderr
    [line] = [
        line for line in text.stdout.splitlines() if line.startswith(f"  content/articles/{four.IN_SOME}.sv.md (")
    ]
    assert "no Norwegian Bokmål version" in line
    # Missing is not wrong: the check passes on the same content.
    check = run(project, "check", *options, "--now", CHECK_AT)
    assert check.returncode == 0, check.stdout


def test_invoke_translated_with_four_languages_marks_a_norwegian_translation(project4):
    project, options = project4
    translation = project / "content" / "articles" / f"{four.IN_ALL}.nb.md"
    result = run(project, "translated", str(translation), *options)
    assert result.returncode == 0, result.stderr
    report = json.loads(run(project, "translations", "--format", "json", *options).stdout)
    [group] = [item for item in report["items"] if item["key"] == four.IN_ALL]
    states = {entry["lang"]: entry["state"] for entry in group["translations"]}
    assert states["nb"] == "current" and states["en"] != "current"


def test_invoke_check_with_four_languages_refuses_a_group_with_two_unmarked_originals(project4):
    """The rule "which original": the one file of a group without `Original:`; two unmarked, the main
    language's is the original and the other is asked to say it is a translation."""
    project, options = project4
    path = project / "content" / "articles" / f"{four.IN_SOME}.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Original: sv\n", ""), encoding="utf-8")
    result = run(project, "check", *options, "--now", CHECK_AT)
    assert result.returncode == 1
    [problem] = [line for line in result.stdout.splitlines() if line.startswith("content/") and " note: " not in line]
    assert problem.startswith(f"content/articles/{path.name}:") and "add `Original: sv`" in problem
    assert result.stdout.splitlines()[-1].startswith("1 problem in 1 file")


# What the content check suggests in a file's own language (LANGUAGES "examples", CATEGORIES): a photo description,
# a link text, a category and a Key (the example title as a slug).
EXAMPLE_FIXES = {
    "en": ("Two people shaking hands on stage", "Read more about the project", "News", "title"),
    "nb": ("To personer håndhilser på scenen", "Les mer om prosjektet", "Nyheter", "tittel"),
}
EXAMPLE_FILE = """Title: Exempel
Date: 2022-06-15 10:00
Lang: {lang}
Key: !!!
Slug: exempel-{lang}
Summary: S.
Status: published

![](https://example.org/x.jpg)

<img src="https://example.org/x.jpg">

[https://example.org](https://example.org)

https://example.org/more/
"""


def check_example(project: Path, options: list[str], lang: str, capsys, monkeypatch) -> tuple[Path, str]:
    """The check of the project with an English or Norwegian file that gets every fix with an example."""
    path = project / "content" / "articles" / f"exempel.{lang}.md"
    path.write_text(EXAMPLE_FILE.format(lang=lang), encoding="utf-8")
    monkeypatch.chdir(project)
    status = sitebuild.validate.run_check(Path(options[1]), now=CHECK_AT, settings=Path(options[3]))
    assert status == 1
    return path.relative_to(project / "content"), capsys.readouterr().out


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_invoke_check_suggests_examples_in_the_file_s_language(project4, capsys, monkeypatch, lang):
    alt, link, category, key = EXAMPLE_FIXES[lang]
    path, output = check_example(*project4, lang, capsys, monkeypatch)
    assert f"![{alt}](...)" in reported(output, path.as_posix(), 9, "image without alt text")
    assert f'alt="{alt}"' in reported(output, path.as_posix(), 11, "image without alt text")
    assert f"[{link}](https://...)" in reported(output, path.as_posix(), 13, "the link text is a bare address")
    assert f"[{link}](https://example.org/more/)" in reported(output, path.as_posix(), 15, "is plain text, not a link")
    assert f"`Category: {category}`" in reported(output, path.as_posix(), None, "Category is missing")
    assert f"`Key: {key}`" in reported(output, path.as_posix(), 4, "Key '!!!' may only contain")


def test_invoke_check_suggests_no_category_of_another_language(project4, capsys, monkeypatch):
    """A language without names in CATEGORIES: no other language's name is suggested."""
    project, options = project4
    with Path(options[3]).open("a", encoding="utf-8") as file:
        file.write(
            "CATEGORIES = [{code: name for code, name in names.items() if code != 'en'} for names in CATEGORIES]\n"
        )
    path, output = check_example(project, options, "en", capsys, monkeypatch)
    assert "`Category: ...`" in reported(output, path.as_posix(), None, "Category is missing")


def require_english(options: list[str], languages: str = '["en"]') -> Path:
    """The project's settings with REQUIRED_TRANSLATIONS (none by default: see the test of `invoke translations`)."""
    settings = Path(options[3])
    with settings.open("a", encoding="utf-8") as file:
        file.write(f"REQUIRED_TRANSLATIONS = {languages}\n")
    return settings


def test_invoke_check_and_the_build_refuse_an_item_not_published_in_a_required_language(project4, capsys, monkeypatch):
    project, options = project4
    settings = require_english(options)
    content = Path(options[1])
    monkeypatch.chdir(project)
    assert sitebuild.validate.run_check(content, now=CHECK_AT, settings=settings) == 1
    output = capsys.readouterr().out
    # A Finnish original with a Norwegian translation: named on the original, with the file to write.
    missing = reported(output, f"articles/{four.FI_NB}.fi.md", 8, "published with no English version")
    assert "REQUIRED_TRANSLATIONS requires every published item in English" in missing
    assert f"write content/articles/{four.FI_NB}.en.md with `Key: {four.FI_NB}` and `Original: fi`" in missing
    # Its English version a draft: named too.
    drafted = reported(output, f"articles/{four.DRAFTED}.sv.md", 8, "published while its English version")
    assert f"content/articles/{four.DRAFTED}.en.md is not yet" in drafted
    # The groups with a published English version, and every draft, are not reported.
    problems = [line for line in output.splitlines() if line.startswith("content/") and " note: " not in line]
    for key in (four.IN_ALL, four.IN_SOME, four.EN_ONLY, four.EVENT_ALL, four.EVENT_SOME, "om-projektet"):
        assert not [line for line in problems if f"/{key}." in line], key
    assert not [line for line in problems if f"/{four.DRAFTED}.en.md:" in line or f"/{four.DRAFTED}.nb.md:" in line]
    with pytest.raises(sitebuild.BuildError, match=re.escape(missing.removeprefix("content/"))):
        sitebuild.build.run_build(content=content, output=project / "out", settings=settings, quiet=True, now=NOW)
    assert not (project / "out").exists()


def test_a_required_language_that_is_not_a_language_of_the_site_is_refused(project4, monkeypatch):
    project, options = project4
    settings = require_english(options, '["de"]')
    monkeypatch.chdir(project)
    with pytest.raises(
        sitebuild.BuildError, match=re.escape("REQUIRED_TRANSLATIONS in pelicanconf.py names 'de', which is not")
    ):
        sitebuild.validate.run_check(Path(options[1]), now=CHECK_AT, settings=settings)


# The web server: 404 pages and old front pages per language, generated from LANGUAGES ---------------------------


@pytest.fixture(scope="module")
def production4(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("four-languages-production")
    content = four.generate(work / "content")
    output = work / "output"
    sitebuild.build.run_build(
        content=content, output=output, settings=four.settings_file(work, production=True), quiet=True, now=NOW
    )
    return output


@pytest.mark.build
def test_nginx_maps_are_generated_for_every_language(production4):
    not_found = (production4 / "_nginx" / "not-found.map").read_text()
    legacy = (production4 / "_nginx" / "legacy-redirects.map").read_text()
    for lang in LANGS:
        if lang != four.MAIN:
            assert f'"~^/{lang}/" /{lang}/404.html;' in not_found
            assert f'"{lang}:/" /{lang}/;' in legacy


def security_fields(output: Path) -> dict[str, str]:
    lines = (output / ".well-known" / "security.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))


@pytest.mark.build
def test_security_txt_accepts_reports_in_every_language_of_the_site(production4):
    """Preferred-Languages: the configured languages in their order, then English (publishconf.py's
    SECURITY_EXTRA_LANGUAGES), named once when the site has English pages too."""
    assert security_fields(production4)["Preferred-Languages"] == "sv, fi, en, nb"


@pytest.mark.nginx
@pytest.mark.parametrize("lang", ["en", "nb"])
def test_nginx_answers_a_miss_and_an_old_front_page_in_an_added_language(production4, lang):
    from tests.support import nginx

    with nginx.serving(production4) as server:
        response, body = server.request(f"/{lang}/finns-inte/")
        assert response.status == 404
        tree = lxml.html.fromstring(body)
        assert tree.get("lang") == lang
        assert tree.xpath("//h1")[0].text_content().strip() == PAGE_NOT_FOUND[lang]
        response, _body = server.request(f"/?lang={lang}")
        assert response.status == 301
        assert response.getheader("Location") == f"/{lang}/"
