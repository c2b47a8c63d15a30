"""Search: Pagefind's index per language, stemming, what is indexed, the page under a strict CSP, no-JS fallback.

Browser tests run Debian's Chromium against the built site served with the Content-Security-Policy the
site must work under (no 'unsafe-inline', no 'unsafe-eval'; Pagefind's WebAssembly needs only
'wasm-unsafe-eval'); any console error, CSP violation or request leaving the site fails the test.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sitebuild.build import run_build
from sitebuild.search import index_search
from tests import corpus
from tests.support.clock import NOW
from tests.support.html import html_pages, page, parse, url_of
from tests.support.search import search, serve_with_csp, words_of
from tests.support.settings import settings_with
from tests.support.site_facts import PRESS_FI, PRESS_SV

SEARCH_SV, SEARCH_FI = "/sok/", "/fi/haku/"
# The corpus's one-language articles (tests/corpus.py) and words only their bodies hold.
SWEDISH_ONLY = ["/2022/01/15/endast-svenska-1/", "/2022/02/15/endast-svenska-2/"]
FINNISH_ONLY = ["/fi/2022/03/15/vain-suomeksi-1/"]
# Text pages carry around their content (skip link, back link, project notice, translation note): never indexed.
CHROME_TEXT = [
    "Hoppa till huvudinnehållet",
    "Tillbaka till nyhetslistan",
    # The project banner (its first sentence, "the project has ended", may also stand in a page's own text).
    "Battery Region var ett Interreg Nord-projekt där fyra partner arbetade tillsammans under två år.",
    "Siirry pääsisältöön",
    "Takaisin uutislistaan",
    "Battery Region oli Interreg Nord -hanke, jossa neljä kumppania teki yhteistyötä kahden vuoden ajan.",
    "Lue alkuperäinen ruotsiksi",
]


@pytest.fixture(scope="module")
def strict_site(site) -> Iterator[str]:
    yield from serve_with_csp(site)


@pytest.fixture(scope="module")
def strict_corpus(corpus_site) -> Iterator[str]:
    yield from serve_with_csp(corpus_site)


@pytest.mark.parametrize("query", ["utbildningen", "konferenserna"])
def test_swedish_search_finds_the_press_release_by_inflected_forms(tab, site, strict_site, query):
    assert query not in words_of(site, PRESS_SV), f"{query!r} occurs verbatim: it would prove no stemming"
    found = search(tab, strict_site, SEARCH_SV, query)
    assert PRESS_SV in found
    assert all(not url.startswith("/fi/") for url in found), found
    status = tab.locator(".br-search__status").inner_text()
    assert status == f"{len(found)} {'träff' if len(found) == 1 else 'träffar'} för ”{query}”"


@pytest.mark.parametrize("query", ["konferenssissa", "osaamistarpeiden"])
def test_finnish_search_finds_the_finnish_article(tab, site, strict_site, query):
    assert query not in words_of(site, PRESS_FI)
    found = search(tab, strict_site, SEARCH_FI, query)
    assert PRESS_FI in found
    assert all(url.startswith("/fi/") for url in found), found
    assert tab.locator(".br-search__results h2").inner_text() == "Hakutulokset"


def test_a_swedish_only_article_never_appears_in_finnish_results(tab, strict_corpus):
    # The Swedish-only articles' body says "ingen finsk översättning"; the Swedish search finds them both.
    assert set(SWEDISH_ONLY) <= set(search(tab, strict_corpus, SEARCH_SV, "översättning"))
    assert search(tab, strict_corpus, SEARCH_FI, "översättning") == []
    assert tab.locator(".br-search__status").inner_text() == "Haulla ”översättning” ei löytynyt tuloksia."
    for title in ("Bara på svenska", "svenska"):
        assert not [url for url in search(tab, strict_corpus, SEARCH_FI, title) if not url.startswith("/fi/")]


def test_a_finnish_only_article_is_found_in_finnish_only(tab, strict_corpus):
    assert search(tab, strict_corpus, SEARCH_FI, "käännöstä") == FINNISH_ONLY
    assert search(tab, strict_corpus, SEARCH_SV, "käännöstä") == []


def test_the_address_holds_the_query(tab, strict_site):
    tab.goto(strict_site + SEARCH_SV + "?q=utbildningen")
    expect(tab.locator(".br-search__status")).to_contain_text("utbildningen")
    assert tab.get_by_role("searchbox").input_value() == "utbildningen"
    assert PRESS_SV in [link.get_attribute("href") for link in tab.locator(".br-search__result-link").all()]
    search(tab, strict_site, SEARCH_SV, "konferenserna")
    assert tab.url.endswith("/sok/?q=konferenserna")


def test_the_switcher_leads_to_the_other_search_page(tab, strict_site):
    tab.goto(strict_site + SEARCH_SV)
    tab.get_by_role("link", name="Suomi").click()
    tab.wait_for_url(strict_site + SEARCH_FI)
    assert tab.locator("h1").inner_text() == "Haku"


def news_list_links(output: Path, front: str) -> set[str]:
    """Every article link of a language's paginated news list."""
    links, url = set(), front
    while url:
        tree = page(output, url)
        links |= set(tree.xpath('//a[contains(concat(" ", @class, " "), " br-teaser__link ")]/@href'))
        following = tree.xpath('//a[@rel="next"]/@href')
        url = following[0] if following else None
    return links


@pytest.mark.parametrize(("search_page", "front"), [(SEARCH_SV, "/"), (SEARCH_FI, "/fi/")])
def test_without_javascript_the_search_page_lists_every_article(
    browser, corpus_site, strict_corpus, search_page, front
):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(strict_corpus + search_page)
    assert not tab.locator(".br-search__form").is_visible(), "a search form that cannot work without JavaScript"
    assert tab.locator(".br-search__no-script").is_visible()
    listed = tab.locator(".br-search__all-list").first.get_by_role("link").all()
    assert {link.get_attribute("href") for link in listed} == news_list_links(corpus_site, front)
    assert all(link.is_visible() for link in listed)
    context.close()


def test_only_the_search_page_loads_a_script(site, corpus_site):
    for output in (site, corpus_site):
        for path in html_pages(output):
            url = url_of(output, path)
            scripts = parse(path).xpath("//script[not(@type='application/ld+json')]")
            if url in (SEARCH_SV, SEARCH_FI):
                assert [(s.get("type"), s.get("src")) for s in scripts] == [("module", "/theme/js/search.js")]
                assert parse(path).xpath("//form/@data-pagefind") == ["/pagefind/pagefind.js"]
            else:
                assert not scripts, f"{url} loads a script"
    # Pagefind's ready-made interfaces (which inject styles) are not published.
    assert not list((site / "pagefind").glob("pagefind*ui*"))


def indexed_fragments(output: Path) -> list[dict]:
    """What Pagefind stored of each indexed page (its fragments: gzip, then a signature, then JSON)."""
    fragments = []
    for path in sorted((output / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes()).decode("utf-8")
        fragments.append(json.loads(data[data.index("{") :]))
    return fragments


def content_urls(output: Path) -> set[str]:
    """Articles (news and events alike: each says so in its head) and pages."""
    return {
        url_of(output, path)
        for path in html_pages(output)
        if parse(path).xpath('//head/meta[@property="article:published_time"] | //body[@data-page-type="page"]')
    }


def test_only_article_and_page_bodies_are_indexed(site, corpus_site):
    for output in (site, corpus_site):
        fragments = indexed_fragments(output)
        # Every article and page, and nothing else: no news list, category, search or 404 page.
        assert {fragment["url"] for fragment in fragments} == content_urls(output)
        for fragment in fragments:
            for chrome in CHROME_TEXT:
                assert chrome not in fragment["content"], f"{fragment['url']}: {chrome!r} was indexed"
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    # One index per language, each with its own stemmer (wasm.sv / wasm.fi), not the language-less one.
    assert {lang: index["wasm"] for lang, index in entry["languages"].items()} == {"sv": "sv", "fi": "fi"}
    assert (site / "pagefind" / "wasm.sv.pagefind").is_file() and (site / "pagefind" / "wasm.fi.pagefind").is_file()


def test_drafts_are_never_indexed(corpus_site):
    fragments = indexed_fragments(corpus_site)
    assert fragments, "nothing indexed"
    assert not [f["url"] for f in fragments if corpus.DRAFT_WORD in f["content"].lower()]


@pytest.mark.parametrize("output_name", ["site", "corpus_site"])
def test_every_page_links_to_its_languages_search_page(request, output_name):
    output = request.getfixturevalue(output_name)
    for path in html_pages(output):
        tree = parse(path)
        search_page = SEARCH_FI if tree.get("lang") == "fi" else SEARCH_SV
        nav = tree.xpath('//nav[contains(concat(" ", @class, " "), " br-nav ")]//a/@href')
        assert search_page in nav, f"{url_of(output, path)}: no link to {search_page}"


# A site indexed in parts (sitebuild/search.py): the fixture corpus with parts of at most this many pages.
PART_PAGES = 8


@pytest.fixture(scope="module")
def parted_corpus(tmp_path_factory) -> Path:
    """The fixture corpus built with SEARCH_PART_PAGES small enough that each language's index comes in parts."""
    folder = tmp_path_factory.mktemp("parted")
    settings = settings_with(folder, "parted.py", {"SEARCH_PART_PAGES": PART_PAGES})
    output = folder / "output"
    run_build(content=corpus.generate(folder / "content"), output=output, settings=settings, quiet=True, now=NOW)
    return output


@pytest.fixture(scope="module")
def strict_parted(parted_corpus) -> Iterator[str]:
    yield from serve_with_csp(parted_corpus)


def bundle_urls(bundle: Path) -> list[str]:
    """The page of each fragment of one bundle."""
    urls = []
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes()).decode("utf-8")
        urls.append(json.loads(data[data.index("{") :])["url"])
    return urls


def test_a_large_sites_index_comes_in_parts_of_one_language_each(parted_corpus, corpus_site):
    bundle = parted_corpus / "pagefind"
    parts = json.loads((bundle / "parts.json").read_text(encoding="utf-8"))
    assert set(parts) == {"sv", "fi"} and all(len(names) >= 2 for names in parts.values()), parts
    main = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    assert set(main) == {"sv", "fi"}
    everything = bundle_urls(bundle)
    for lang, names in parts.items():
        for name in names:
            entry = json.loads((bundle / name / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
            assert list(entry) == [lang], name
            urls = bundle_urls(bundle / name)
            assert 0 < len(urls) <= PART_PAGES
            assert all(url.startswith("/fi/") == (lang == "fi") for url in urls), name
            everything += urls
        assert 0 < main[lang]["page_count"] <= PART_PAGES
    # Every page indexed once, and the same pages as the corpus indexed in one run.
    assert sorted(everything) == sorted(set(everything)) == sorted(bundle_urls(corpus_site / "pagefind"))


def test_a_part_names_its_pages_exactly_whatever_characters_their_paths_hold(tmp_path):
    # Each part tells Pagefind its pages by a glob of their paths: a path holding a glob's own characters must
    # match itself only, and be indexed once, at its own address.
    names = ["a{b},c", "x[1]", "q?r*s", "p(1)<2>", "d$:e", "ä ö", "plain"]
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(
            f'<!DOCTYPE html><html lang="sv"><head><title>{name}</title></head>'
            f"<body><main data-pagefind-body><h1>Sida {name}</h1></main></body></html>",
            encoding="utf-8",
        )
    index_search(tmp_path, ["sv"], part_pages=2)
    bundle = tmp_path / "pagefind"
    parts = json.loads((bundle / "parts.json").read_text(encoding="utf-8"))
    urls = bundle_urls(bundle) + [url for name in parts["sv"] for url in bundle_urls(bundle / name)]
    assert sorted(urls) == sorted(f"/{name}/" for name in names)


@pytest.mark.parametrize(("search_page", "query"), [(SEARCH_SV, "nyhet"), (SEARCH_FI, "uutinen")])
def test_a_search_finds_the_pages_of_every_part_of_its_language(
    tab, corpus_site, strict_corpus, strict_parted, search_page, query
):
    whole = search(tab, strict_corpus, search_page, query)
    assert len(whole) > 2 * PART_PAGES
    found = search(tab, strict_parted, search_page, query)
    assert sorted(found) == sorted(whole)
