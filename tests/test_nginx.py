"""The production build served by Debian's nginx running deploy/nginx.conf, as the host serves it.

The session's production build (tests/conftest.py `production_site`) is deployed with `invoke publish`'s own
steps into a releases/current layout and served over HTTPS on 127.0.0.1; Chromium reaches it as
https://batteryregion.eu and opens one page of every type under the site's Content-Security-Policy.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import lxml.html
import pytest

import sitebuild
import sitebuild.deploy
from sitebuild.postprocess import host_files
from tests.gates.gatekit.browser import CHROMIUM, CHROMIUM_FLAGS, DESKTOP
from tests.gates.gatekit.layout import PHONE
from tests.support import nginx
from tests.support.html import html_pages, parse, url_of
from tests.support.production import LEGACY_ADDRESS, LEGACY_TARGET, SITEURL, headers_file
from tests.support.site_facts import PRESS_FI, PRESS_SV

# Served by nginx --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nginx_server(production_site):
    """nginx with deploy/nginx.conf serving the production build deployed as releases/<id> + current."""
    with nginx.serving(production_site) as running:
        yield running


def test_security_headers_are_the_ones_in_headers_file(nginx_server, production_site):
    """Pages, misses and redirects all carry the same headers as _headers gives other hosts."""
    expected = headers_file(production_site)["/*"]
    for path in ("/", "/fi/", "/kontakt/", "/finns-inte/", LEGACY_ADDRESS, "/theme/"):
        response, _body = nginx_server.request(path)
        for name, value in expected.items():
            assert response.getheader(name) == value, f"{path}: {name}"
        assert response.getheader("Server") == "nginx", f"{path}: the version is not announced"


def test_fingerprinted_assets_are_immutable_and_the_rest_short_lived(nginx_server, production_site):
    stylesheet = next((production_site / "theme" / "css").glob("main.*.css"))
    cases = {
        "/" + stylesheet.relative_to(production_site).as_posix(): host_files.IMMUTABLE,
        "/": host_files.SHORT,
        "/fi/yhteystiedot/": host_files.SHORT,
        "/pagefind/pagefind.js": host_files.SHORT,
        "/pagefind/pagefind-entry.json": host_files.SHORT,
        "/pagefind/parts.json": host_files.SHORT,
        "/theme/fonts/UBUNTU-FONT-LICENCE.txt": host_files.SHORT,
    }
    for path, expected in cases.items():
        response, _body = nginx_server.request(path)
        assert response.status == 200, path
        assert response.getheader("Cache-Control") == expected, path


@pytest.mark.parametrize(
    ("accept", "encoding", "suffix"), [("br, gzip", "br", ".br"), ("gzip", "gzip", ".gz"), ("identity", None, "")]
)
def test_precompressed_files_are_served_as_negotiated(nginx_server, production_site, accept, encoding, suffix):
    stylesheet = next((production_site / "theme" / "css").glob("main.*.css"))
    for path, file in (
        ("/", production_site / "index.html"),
        ("/fi/", production_site / "fi" / "index.html"),
        ("/" + stylesheet.relative_to(production_site).as_posix(), stylesheet),
        ("/pagefind/pagefind.js", production_site / "pagefind" / "pagefind.js"),
    ):
        response, body = nginx_server.request(path, {"Accept-Encoding": accept})
        assert response.getheader("Content-Encoding") == encoding, path
        assert response.getheader("Vary") == "Accept-Encoding", path
        assert body == file.with_name(file.name + suffix).read_bytes(), path


@pytest.mark.parametrize(
    ("path", "lang"),
    [
        ("/finns-inte/", "sv"),
        ("/fi/ei-ole/", "fi"),
        ("/fi/x.html", "fi"),
        # Addresses the .ics and feed locations (regular expressions) answer, not the /fi/ prefix.
        ("/finns-inte.ics", "sv"),
        ("/fi/ei-ole.ics", "fi"),
        ("/fi/ei-ole/feeds/atom.xml", "fi"),
    ],
)
def test_a_miss_gets_the_404_page_of_its_language(nginx_server, path, lang):
    response, body = nginx_server.request(path)
    assert response.status == 404
    tree = lxml.html.fromstring(body)
    assert tree.get("lang") == lang
    assert tree.body.get("data-page-type") == "not_found"


@pytest.mark.parametrize(
    ("old", "new"),
    [(LEGACY_ADDRESS, LEGACY_TARGET), ("/projekti?lang=fi", LEGACY_TARGET), ("/?lang=fi", "/fi/")],
)
def test_old_addresses_redirect_to_the_new_pages(nginx_server, old, new):
    response, _body = nginx_server.request(old)
    assert (response.status, response.getheader("Location")) == (301, new)
    assert nginx_server.request(new)[0].status == 200


def test_calendar_files_are_served_as_text_calendar(nginx_server, production_site):
    calendars = sorted(production_site.rglob("*.ics"))
    assert calendars, "the production build has .ics files (events)"
    for calendar in calendars:
        response, body = nginx_server.request("/" + calendar.relative_to(production_site).as_posix())
        assert response.status == 200
        assert response.getheader("Content-Type") == host_files.CALENDAR_TYPE
        assert body.startswith(b"BEGIN:VCALENDAR")


def test_text_is_declared_utf8(nginx_server):
    for path, content_type in {
        "/.well-known/security.txt": "text/plain; charset=utf-8",
        "/feeds/atom.xml": "application/atom+xml; charset=utf-8",
        "/": "text/html; charset=utf-8",
    }.items():
        assert nginx_server.request(path)[0].getheader("Content-Type") == content_type, path


def test_plain_http_redirects_to_https(nginx_server):
    response = nginx_server.plain_request("/kontakt/?x=1")
    assert (response.status, response.getheader("Location")) == (301, "https://batteryregion.eu/kontakt/?x=1")


def test_www_redirects_to_the_site_at_its_one_address(nginx_server):
    response, _body = nginx_server.request("/kontakt/?x=1", host=nginx.WWW_HOST)
    assert (response.status, response.getheader("Location")) == (301, "https://batteryregion.eu/kontakt/?x=1")
    assert response.getheader("Strict-Transport-Security") == host_files.SECURITY_HEADERS["Strict-Transport-Security"]
    response = nginx_server.plain_request("/fi/", host=nginx.WWW_HOST)
    assert (response.status, response.getheader("Location")) == (301, "https://batteryregion.eu/fi/")


def test_nginx_caches_every_file_as_the_headers_file_says(nginx_server, production_site):
    """Immutable exactly for the files _headers names (fingerprinted assets, Pagefind's index), short otherwise."""
    rules = headers_file(production_site)
    served = [
        path
        for path in sorted(production_site.rglob("*"))
        if path.is_file()
        and path.suffix not in (".gz", ".br")
        and not path.relative_to(production_site).parts[0].startswith("_")
    ]
    wrong = []
    for path in served:
        site_path = "/" + path.relative_to(production_site).as_posix()
        expected = rules.get(site_path, {}).get("Cache-Control", host_files.SHORT)
        response, _body = nginx_server.request(site_path)
        if (response.status, response.getheader("Cache-Control")) != (200, expected):
            wrong.append(f"{site_path}: {response.status} {response.getheader('Cache-Control')}")
    assert any(rules.get(f"/{p.relative_to(production_site).as_posix()}") for p in served if p.suffix == ".pf_fragment")
    assert not wrong


def test_notes_for_maintainers_are_not_published_and_the_font_licence_is_text(nginx_server, production_site):
    assert not list(production_site.rglob("README*")), "the theme's READMEs stay in the repository"
    response, body = nginx_server.request("/theme/fonts/UBUNTU-FONT-LICENCE.txt")
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/plain; charset=utf-8"
    assert b"UBUNTU FONT LICENCE Version 1.0" in body


def test_nginx_answers_as_another_user_than_the_one_who_published(nginx_server):
    """As on the host: the worker is www-data, so a release it cannot read would be a 403 here too."""
    if os.geteuid() != 0:
        pytest.skip("only root can start nginx's worker as www-data; the file modes are checked above")
    import pwd

    workers = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue  # a process that ended meanwhile
        if fields.get("PPid", "").strip() == str(nginx_server.process.pid):
            workers.append(pwd.getpwuid(int(fields["Uid"].split()[0])).pw_name)
    assert workers == [nginx.WEB_USER]
    assert nginx_server.request("/")[0].status == 200


@pytest.mark.parametrize("path", ["/_headers", "/_redirects", "/_nginx/legacy-redirects.map"])
def test_host_configuration_is_not_served(nginx_server, path):
    assert nginx_server.request(path)[0].status == 404


def test_switching_releases_never_interrupts_the_site(nginx_server, production_site):
    """Requests while three releases go live one after another: every one is answered with the page."""
    root = Path(str(nginx_server.prefix)).parent / "srv"
    failures: list[str] = []
    done = threading.Event()

    def keep_requesting() -> None:
        deadline = time.monotonic() + 60
        while not done.is_set() and time.monotonic() < deadline:
            response, body = nginx_server.request("/kontakt/")
            if response.status != 200 or b"<h1" not in body:
                failures.append(f"{response.status}")

    thread = threading.Thread(target=keep_requesting)
    thread.start()
    try:
        for number in range(3):
            sitebuild.deploy.deploy_local(production_site, root, f"switch-{number}")
    finally:
        done.set()
        thread.join()
    assert not failures
    assert sorted(path.name for path in (root / "releases").iterdir() if path.is_dir()) == ["switch-1", "switch-2"]


# Photos (sitebuild/media), served -----------------------------------------------------------------------

# What nginx must say each published photo is: with `X-Content-Type-Options: nosniff` a browser shows nothing
# of a file declared as another type.
PHOTO_TYPES = {".avif": "image/avif", ".webp": "image/webp", ".jpg": "image/jpeg"}


@pytest.fixture(scope="module")
def photo_nginx(production_corpus):
    """nginx serving the fixture corpus built with publishconf.py: a production build with photos (its oldest and
    newest pairs have a lead photo, tests/corpus.py), which the real site does not have yet."""
    with nginx.serving(production_corpus) as running:
        yield running


def test_photos_are_kept_a_year_and_served_as_their_type(photo_nginx, production_corpus):
    photos = sorted((production_corpus / "images").iterdir())
    # AVIF and WebP at each width and as thumbnails, the JPEG link preview; nothing compressed beside them.
    assert {photo.suffix for photo in photos} == set(PHOTO_TYPES)
    rules = headers_file(production_corpus)
    for photo in photos:
        path = f"/images/{photo.name}"
        response, body = photo_nginx.request(path, {"Accept-Encoding": "br, gzip"})
        assert response.status == 200, path
        assert response.getheader("Cache-Control") == host_files.IMMUTABLE == rules[path]["Cache-Control"], path
        assert response.getheader("Content-Type") == PHOTO_TYPES[photo.suffix], path
        assert response.getheader("X-Content-Type-Options") == "nosniff", path
        assert response.getheader("Content-Encoding") is None and body == photo.read_bytes(), path


# An article's first visit, as transferred --------------------------------------------------------------

# Issue 17: an article page's first visit at most 40 KiB as transferred with brotli from the production nginx.
FIRST_VISIT_BUDGET = 40 * 1024


def first_visit(browser_context, path: str, viewport: dict[str, int]) -> list[str]:
    """The addresses (paths) of what Chromium loads to show `path` the first time: an empty cache, no scrolling."""
    context = browser_context.browser.new_context(ignore_https_errors=True, viewport=viewport)
    loaded: list[str] = []
    context.on("request", lambda request: loaded.append(request.url))
    tab = context.new_page()
    tab.goto(f"{SITEURL}{path}", wait_until="load")
    tab.evaluate("document.fonts.ready.then(() => true)")
    tab.wait_for_load_state("networkidle")
    context.close()
    assert all(url.startswith(f"{SITEURL}/") for url in loaded), loaded
    return [url.removeprefix(SITEURL) for url in dict.fromkeys(loaded)]


@pytest.mark.parametrize("path", [PRESS_SV, PRESS_FI])
def test_an_articles_first_visit_is_at_most_40_kib_with_brotli(nginx_server, production_browser, path, capsys):
    """The HTML and everything it loads (CSS, fonts, scripts, images), each asked of nginx with Accept-Encoding: br:
    the bodies as sent and the response headers (as HTTP/1.1 writes them; HTTP/2 compresses them, so less is sent).
    A budget, not a timing: the same bytes on any machine."""
    measured: dict[str, dict[str, int]] = {}
    for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        resources = first_visit(production_browser, path, viewport)
        assert resources[0] == path and any(r.endswith(".css") for r in resources), resources
        sizes = measured[viewport_name] = {}
        for resource in resources:
            response, body = nginx_server.request(resource, {"Accept-Encoding": "br"})
            assert response.status == 200, resource
            if resource.endswith((".html", ".css", ".js", "/")):
                assert response.getheader("Content-Encoding") == "br", resource
            headers = sum(len(f"{name}: {value}\r\n") for name, value in response.getheaders())
            sizes[resource] = len(body) + headers
        with capsys.disabled():
            print(f"\n  first visit of {path} ({viewport_name}), brotli from nginx: {sum(sizes.values())} bytes")
            print("".join(f"    {size:>6}  {resource}\n" for resource, size in sizes.items()), end="")
    for viewport_name, sizes in measured.items():
        total = sum(sizes.values())
        assert total <= FIRST_VISIT_BUDGET, f"{path} ({viewport_name}): {total} bytes > {FIRST_VISIT_BUDGET}: {sizes}"


# Every page type in Chromium under the Content-Security-Policy ----------------------------------------

CSP_PROBE = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""
SEARCHES = {"sv": "konferensen", "fi": "konferenssi"}


@pytest.fixture(scope="module")
def production_browser(nginx_server, browser):
    """Chromium that resolves batteryregion.eu to the test's nginx (its certificate is self-signed).

    A second Chromium from the session's Playwright (only one may run): the address mapping is a launch option.
    """
    rules = f"--host-resolver-rules=MAP {nginx.HOST} 127.0.0.1:{nginx_server.https_port}"
    mapped = browser.browser_type.launch(executable_path=str(CHROMIUM), args=[*CHROMIUM_FLAGS, rules], headless=True)
    context = mapped.new_context(ignore_https_errors=True)
    context.add_init_script(CSP_PROBE)
    yield context
    context.close()
    mapped.close()


def _one_page_per_type(output: Path) -> dict[tuple[str, str], str]:
    pages: dict[tuple[str, str], str] = {}
    for page in html_pages(output):
        body = parse(page).body
        lang = parse(page).get("lang")
        pages.setdefault((body.get("data-page-type"), lang), url_of(output, page))
    return pages


def test_every_page_type_works_under_the_csp(production_browser, production_site):
    pages = _one_page_per_type(production_site)
    assert {page_type for page_type, _lang in pages} >= {"index", "article", "page", "category", "search", "not_found"}
    problems = []
    for (page_type, lang), path in sorted(pages.items()):
        page = production_browser.new_page()
        messages: list[str] = []
        page.on("console", lambda message, sink=messages: sink.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error, sink=messages: sink.append(f"error: {error}"))
        failed: list[str] = []
        page.on("requestfailed", lambda request, sink=failed: sink.append(request.url))
        page.on(
            "response", lambda response, sink=failed: response.ok or sink.append(f"{response.status} {response.url}")
        )
        address, expected_status = f"{SITEURL}{path}", 200
        if page_type == "not_found":
            # The 404 page as nginx serves it: at any missing address of its language.
            address, expected_status = f"{SITEURL}{'/fi' if lang == 'fi' else ''}/finns-inte-{lang}/", 404
        response = page.goto(address, wait_until="load")
        page.evaluate("document.fonts.ready")
        if page_type == "search":
            page.fill("#br-search-query", SEARCHES[lang])
            page.press("#br-search-query", "Enter")
            page.wait_for_selector(".br-search__result", timeout=15000)
        styled = page.evaluate("getComputedStyle(document.body).fontFamily")
        font_loaded = page.evaluate("document.fonts.check('1em Ubuntu')")
        violations = page.evaluate("window.__cspViolations")
        label = f"{page_type} ({lang}) {path}"
        if response.status != expected_status:
            problems.append(f"{label}: HTTP {response.status}")
        if "Ubuntu" not in styled or not font_loaded:
            problems.append(f"{label}: the stylesheet or the font did not load ({styled})")
        problems += [f"{label}: CSP violation {violation}" for violation in violations]
        # The page's own 404 status is what a 404 page is: Chromium reports it in the console too.
        own_status = f"{expected_status} {address}"
        problems += [
            f"{label}: console {message}"
            for message in messages
            if not message.startswith(("log", "debug")) and not (expected_status == 404 and "404" in message)
        ]
        problems += [f"{label}: failed request {request}" for request in failed if request != own_status]
        page.close()
    assert not problems, "\n".join(problems)
