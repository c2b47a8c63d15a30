"""The 404 pages: Finnish at /fi/404.html, and the root one at /404.html, which offers both languages.

The web server sends /fi/404.html for a miss under /fi/ and /404.html for every other miss
(deploy/nginx.conf), at the missing address itself: so every link and asset of a 404 page must work
from any depth.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.gates.gatekit.server import Handler, StaticServer
from tests.support.html import one, page, text

ROOT_404, FINNISH_404 = "/404.html", "/fi/404.html"


def links(tree) -> dict[str, object]:
    """Links of the main content by href."""
    return {link.get("href"): link for link in tree.xpath("//main//a")}


def test_the_root_404_speaks_swedish_and_offers_finnish(site):
    tree = page(site, ROOT_404)
    assert tree.get("lang") == "sv"
    assert text(one(tree, "//main//h1")) == "Sidan hittades inte"
    found = links(tree)
    assert text(found["/"]) == "Till nyhetslistan"
    assert text(found["/sok/"]) == "Sök på webbplatsen"
    finnish = one(tree, '//main//section[@lang="fi"]')
    assert text(one(finnish, ".//h2")) == "Sivua ei löytynyt"
    assert "Etsimääsi sivua ei ole tällä sivustolla." in text(finnish)
    finnish_links = {link.get("href"): link for link in finnish.xpath(".//a")}
    assert set(finnish_links) == {"/fi/", "/fi/haku/"}
    assert all(link.get("hreflang") == "fi" for link in finnish_links.values())
    assert text(finnish_links["/fi/"]) == "Siirry uutislistaan"


def test_the_finnish_404_speaks_finnish(site):
    tree = page(site, FINNISH_404)
    assert tree.get("lang") == "fi"
    assert text(one(tree, "//main//h1")) == "Sivua ei löytynyt"
    assert set(links(tree)) == {"/fi/", "/fi/haku/"}
    assert not tree.xpath('//main//*[@lang="sv"]')
    # The switcher still leads a Swedish reader to the Swedish front page.
    (swedish,) = tree.xpath('//nav[contains(@class, "br-language-switcher")]//a[@lang="sv"]')
    assert swedish.get("href") == "/"


@pytest.mark.parametrize("url", [ROOT_404, FINNISH_404])
def test_404_pages_work_at_any_depth(site, url):
    tree = page(site, url)
    for address in tree.xpath("//@href | //@src"):
        assert address.startswith(("/", "#", "https://", "mailto:")), f"{url}: {address} depends on the address"
    assert tree.xpath('//body[@data-page-type="not_found"]')


class _MissHandler(Handler):
    """Like deploy/nginx.conf: a miss under /fi/ gets /fi/404.html, any other miss /404.html, status 404."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.exists():
            return super().send_head()
        page_404 = Path(self.directory) / ("fi/404.html" if self.path.startswith("/fi/") else "404.html")
        body = page_404.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


@pytest.fixture(scope="module")
def missing_site(site) -> Iterator[str]:
    with StaticServer(site, handler=_MissHandler) as server:
        yield server.origin


@pytest.mark.parametrize(
    ("missing", "heading", "home"),
    [
        ("/2019/01/01/gammal-sida/", "Sidan hittades inte", "Suomi"),
        ("/fi/ei/ole/olemassa/", "Sivua ei löytynyt", "Svenska"),
    ],
)
def test_a_miss_gets_a_styled_404_in_its_language(browser, missing_site, missing, heading, home):
    context = browser.new_context()
    tab = context.new_page()
    failed = []
    tab.on("requestfinished", lambda request: request.response().status >= 400 and failed.append(request.url))
    response = tab.goto(missing_site + missing)
    assert response.status == 404
    assert tab.locator("h1").inner_text() == heading
    # The stylesheet and fonts load from the missing address's depth.
    family = tab.locator("h1").evaluate("h => getComputedStyle(h).fontFamily")
    assert family.split(",")[0].strip("\"' ") == "Ubuntu"
    assert failed == [missing_site + missing]
    tab.get_by_role("link", name=home, exact=True).click()
    tab.wait_for_load_state()
    assert tab.url == missing_site + ("/fi/" if home == "Suomi" else "/")
    context.close()


@pytest.mark.parametrize("url", [ROOT_404, FINNISH_404])
def test_404_names_its_language_without_linking_to_itself(site, url):
    switcher = one(page(site, url), '//nav[contains(concat(" ", @class, " "), " br-language-switcher ")]')
    current = one(switcher, './/*[@aria-current="true"]')
    assert current.tag == "span"
    assert "404" not in " ".join(switcher.xpath(".//a/@href"))
