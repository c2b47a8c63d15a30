"""`make serve` as an editor uses it (sitebuild/devserver.py): the open page reloads itself after a save; a save the
content check refuses shows the check's message over the page, prints it, and leaves the last good page served;
nothing of the reload script is ever written to a build. The dev server runs in a thread on a small copy of the
fixture corpus, every build as of the suite's one "now"."""

from __future__ import annotations

import gzip
import shutil
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import brotli
import lxml.html
import pytest
from playwright.sync_api import expect

import sitebuild
from sitebuild.build import run_build
from sitebuild.devserver import DevServer
from sitebuild.live import LiveSite
from sitebuild.postprocess.host_files import CONTENT_SECURITY_POLICY
from tests import corpus
from tests.support.clock import NOW
from tests.support.html import text
from tests.support.search import watched_tab

pytestmark = pytest.mark.build

# A rebuild of the small corpus takes seconds; this is how long a test waits for one before it fails.
REBUILD_MS = 120_000
# The corpus's second pair (tests/corpus.py): its Swedish file, where its date is, and its page.
BROKEN_FILE, DATE_LINE = "articles/par-2.sv.md", 6
FIRST_SV, SECOND_SV = "/2021/01/11/svensk-nyhet-1/", "/2021/01/18/svensk-nyhet-2/"
FIRST_FI = "/fi/2021/01/11/suomalainen-uutinen-1/"
# Traces of the development server a built file must never hold: its addresses, its script's name.
TRACES = (b"__devserver", b"devserver_reload")


@pytest.fixture(scope="module")
def dev_server(tmp_path_factory) -> Iterator[DevServer]:
    """The dev server on two pairs of the fixture corpus, rebuilding on every save until the module is done."""
    content = corpus.generate(tmp_path_factory.mktemp("devserver") / "content", pairs=2)
    output = tmp_path_factory.mktemp("devserver-site") / "output"
    with DevServer(content, output, port=0, now=NOW, quiet=True) as server:
        watcher = threading.Thread(target=server.watch, name="devserver-watch", daemon=True)
        watcher.start()
        yield server
        server.stop()
        watcher.join()


def _save(server: DevServer, name: str, old: str, new: str) -> None:
    """An editor's save: `old` replaced by `new` in the content file `name`."""
    path = server.content / name
    source = path.read_text(encoding="utf-8")
    assert old in source
    path.write_text(source.replace(old, new), encoding="utf-8")


def _get(server: DevServer, url: str):
    return urllib.request.urlopen(server.url + url.lstrip("/"), timeout=30)


def _served_text(server: DevServer, url: str) -> str:
    """The body text of the article the server serves at `url` now."""
    with _get(server, url) as response:
        return text(lxml.html.fromstring(response.read()).find_class("br-prose")[0])


def _tab(browser):
    """A tab that fails the test on any console error or CSP violation (tests/support/search.py)."""
    return contextmanager(watched_tab)(browser)


def test_the_open_page_reloads_itself_after_a_save(dev_server, browser):
    with _tab(browser) as tab:
        tab.goto(dev_server.url + FIRST_SV.lstrip("/"))
        body = tab.locator(".br-prose")
        expect(body).to_contain_text("Brödtext till svensk nyhet 1.")
        _save(dev_server, "articles/par-1.sv.md", "Brödtext till svensk nyhet 1.", "Omskriven brödtext ett.")
        expect(body).to_contain_text("Omskriven brödtext ett.", timeout=REBUILD_MS)
        expect(tab.get_by_role("alert")).to_have_count(0)


def test_a_broken_save_shows_the_check_over_the_last_good_page(dev_server, browser, capsys):
    good, broken, fixed = "Brödtext till svensk nyhet 2.", "Trasig brödtext två.", "Lagad brödtext två."
    with _tab(browser) as tab, _tab(browser) as later:
        tab.goto(dev_server.url + SECOND_SV.lstrip("/"))
        expect(tab.locator(".br-prose")).to_contain_text(good)
        # An impossible date (line 6), and a new body that must not be served.
        _save(dev_server, BROKEN_FILE, "Date: 2021-01-18 09:00", "Date: 2021-01-32 09:00")
        _save(dev_server, BROKEN_FILE, good, broken)
        alert = tab.get_by_role("alert")
        expect(alert).to_contain_text(
            f"{BROKEN_FILE}:{DATE_LINE}: Date '2021-01-32 09:00' does not exist", timeout=REBUILD_MS
        )
        expect(alert).to_contain_text("check the year, month and day")
        expect(alert).to_have_attribute("lang", "en")
        # The page under it, and the page served to anyone who asks, are the last good build.
        expect(tab.locator(".br-prose")).to_contain_text(good)
        assert _served_text(dev_server, SECOND_SV) == good
        # The terminal says it too.
        assert f"{BROKEN_FILE}:{DATE_LINE}: Date '2021-01-32 09:00' does not exist" in capsys.readouterr().err
        # A page opened while the content is broken shows the problem at once.
        later.goto(dev_server.url + SECOND_SV.lstrip("/"))
        expect(later.get_by_role("alert")).to_contain_text(f"{BROKEN_FILE}:{DATE_LINE}")
        # Keyboard: focus is on the overlay's button, Escape closes it.
        expect(alert.get_by_role("button", name="Close (Esc)")).to_be_focused()
        tab.keyboard.press("Escape")
        expect(alert).to_have_count(0)
        # Fixed: the overlay goes and both pages show the new text by themselves.
        _save(dev_server, BROKEN_FILE, "Date: 2021-01-32 09:00", "Date: 2021-01-18 09:00")
        _save(dev_server, BROKEN_FILE, broken, fixed)
        for page in (tab, later):
            expect(page.locator(".br-prose")).to_contain_text(fixed, timeout=REBUILD_MS)
            expect(page.get_by_role("alert")).to_have_count(0)


def test_the_reload_script_is_added_when_served_never_written(dev_server):
    with _get(dev_server, SECOND_SV) as response:
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        head = lxml.html.fromstring(response.read()).find("head")
    script = head.xpath("script[@src]")
    assert [(s.get("src"), "defer" in s.attrib) for s in script] == [("/__devserver/reload.js", True)]
    with _get(dev_server, "/__devserver/reload.js") as response:
        assert response.headers["Content-Type"].startswith("text/javascript")
        assert b"EventSource" in response.read()
    assert _traces(dev_server.output) == []


def test_a_fresh_build_is_the_dev_servers_output_byte_for_byte(dev_server, tmp_path):
    _save(dev_server, "articles/par-1.fi.md", "Suomalaisen uutisen 1 leipäteksti.", "Muokattu leipäteksti yksi.")
    _wait_until_served(dev_server, FIRST_FI, "Muokattu leipäteksti yksi.")
    assert dev_server.settled(REBUILD_MS / 1000)
    fresh = tmp_path / "output"
    run_build(content=dev_server.content, output=fresh, quiet=True, now=NOW)
    assert _files(fresh) == _files(dev_server.output)


@contextmanager
def _watching(content: Path, output: Path) -> Iterator[DevServer]:
    with DevServer(content, output, port=0, now=NOW, quiet=True) as server:
        watcher = threading.Thread(target=server.watch, name="devserver-watch", daemon=True)
        watcher.start()
        try:
            yield server
        finally:
            server.stop()
            watcher.join()


def _listed(server: DevServer, url: str) -> list[str]:
    """The titles a news-list or category page lists, as served now."""
    with _get(server, url) as response:
        page = lxml.html.fromstring(response.read())
    return [
        text(title)
        for title in page.xpath('//ul[contains(@class, "br-news-list")]//*[contains(@class, "br-teaser__title")]')
    ]


def _wait(condition, what: str) -> None:
    for _ in range(REBUILD_MS // 100):
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"not served after a save: {what}")


def test_saves_of_content_are_made_in_place_and_equal_a_full_build(tmp_path):
    """Saves that change no address are made in the served folder (no new build swapped in); the pages that show the
    item follow: its own page, the news lists and category pages of both languages, the menu of every page. A
    changed address is a full build. After every kind of save, and the search index made again, the output is a
    fresh build's, byte for byte."""
    content = corpus.generate(tmp_path / "content", pairs=12)
    output = tmp_path / "site" / "output"
    with _watching(content, output) as server:
        folder = output.stat().st_ino
        assert server.live.ready
        # The body of the oldest pair (on the last page of the news list).
        _save(server, "articles/par-1.sv.md", "Brödtext till svensk nyhet 1.", "Ny brödtext ett.")
        _wait(lambda: _served_text(server, FIRST_SV) == "Ny brödtext ett.", "the new body")
        # A title: the Finnish news list and category page list it at once.
        _save(server, "articles/par-12.fi.md", "Title: Suomalainen uutinen 12", "Title: Uusi otsikko 12")
        _wait(lambda: "Uusi otsikko 12" in _listed(server, "/fi/"), "the new title in the Finnish news list")
        assert "Uusi otsikko 12" in _listed(server, "/fi/kategoria/uutiset/")
        # A Swedish-only article is listed in the Finnish news list too.
        _save(server, "articles/endast-svenska-1.sv.md", "Title: Bara på svenska 1", "Title: Bara svenska, ny")
        _wait(lambda: "Bara svenska, ny" in _listed(server, "/fi/page/2/") + _listed(server, "/fi/"), "in /fi/")
        # A page named in every page's navigation.
        _save(server, "pages/om-projektet.sv.md", "Title: Om projektet", "Title: Om vårt projekt")
        _wait(lambda: "Om vårt projekt" in _get(server, FIRST_SV).read().decode(), "the page's title in the menu")
        assert output.stat().st_ino == folder, "a save that changes no address is made in place"
        assert server.state.error is None
        assert server.settled(REBUILD_MS / 1000)
        fresh = tmp_path / "fresh"
        run_build(content=content, output=fresh, quiet=True, now=NOW)
        assert _files(fresh) == _files(output)
        # A new slug: a full build, the old address gone.
        _save(server, "articles/par-2.sv.md", "Slug: svensk-nyhet-2", "Slug: ny-adress-2")
        _wait(lambda: output.stat().st_ino != folder, "a full build")
        _wait(lambda: _status(server, "/2021/01/18/ny-adress-2/") == 200, "the new address")
        assert _status(server, SECOND_SV) == 404
        _wait(lambda: server.live.ready, "after a full build, the next save is made in place again")
        assert server.settled(REBUILD_MS / 1000)
        shutil.rmtree(fresh)
        run_build(content=content, output=fresh, quiet=True, now=NOW)
        assert _files(fresh) == _files(output)


def test_a_save_refused_in_place_names_the_line_and_keeps_the_last_good_page(tmp_path):
    content = corpus.generate(tmp_path / "content", pairs=2)
    output = tmp_path / "site" / "output"
    with _watching(content, output) as server:
        folder = output.stat().st_ino
        good = _served_text(server, SECOND_SV)
        _save(server, BROKEN_FILE, good, f"{good} [Läs mer]({{filename}}finns-inte.md)")
        _wait(lambda: server.state.error is not None, "the check's message")
        line = 1 + (content / BROKEN_FILE).read_text(encoding="utf-8").splitlines().index(
            f"{good} [Läs mer]({{filename}}finns-inte.md)"
        )
        assert f"{BROKEN_FILE}:{line}: {{filename}}finns-inte.md points to a file that does not exist" in (
            server.state.error
        )
        assert _served_text(server, SECOND_SV) == good
        # A save of another file is refused while the first is broken, as a full build would be.
        _save(server, "articles/par-1.sv.md", "Brödtext till svensk nyhet 1.", "Annan brödtext.")
        time.sleep(1)
        assert "finns-inte.md" in server.state.error
        _save(server, BROKEN_FILE, " [Läs mer]({filename}finns-inte.md)", "")
        _wait(lambda: server.state.error is None, "the fix")
        assert _served_text(server, FIRST_SV) == "Annan brödtext."
        assert output.stat().st_ino == folder, "refused and fixed in place"


def test_a_save_after_the_resident_pelican_stopped_is_a_full_build(tmp_path):
    content = corpus.generate(tmp_path / "content", pairs=2)
    output = tmp_path / "site" / "output"
    with _watching(content, output) as server:
        folder = output.stat().st_ino
        for worker in server.live._workers:
            worker.process.kill()
            worker.process.wait()
        _save(server, "articles/par-1.sv.md", "Brödtext till svensk nyhet 1.", "Efter ett stopp.")
        _wait(lambda: _served_text(server, FIRST_SV) == "Efter ett stopp.", "the save, by a full build")
        assert output.stat().st_ino != folder
        assert server.state.error is None
        _wait(lambda: server.live.ready, "Pelican resident again after the full build")


def test_an_event_saved_in_place_moves_on_every_page_of_it(tmp_path):
    """The real content's conference: a new end time in both languages, on the event pages and in the calendar
    files, as a full build makes them."""
    content = tmp_path / "content"
    shutil.copytree(sitebuild.ROOT / "content", content)
    output = tmp_path / "site" / "output"
    with _watching(content, output) as server:
        folder = output.stat().st_ino
        for name in ("articles/2022-06-30-slutkonferens.sv.md", "articles/2022-06-30-slutkonferens.fi.md"):
            _save(server, name, "End: 2022-09-22 15:00", "End: 2022-09-22 16:30")
        for page in ("/2022/06/30/slutkonferens/", "/fi/2022/06/30/loppukonferenssi/"):
            _wait(lambda page=page: b">16.30</time>" in _get(server, page).read(), f"the new end time on {page}")
        for calendar in ("/evenemang.ics", "/fi/tapahtumat.ics", "/2022/06/30/slutkonferens/slutkonferens.ics"):
            assert b"DTEND;TZID=Europe/Stockholm:20220922T163000" in _get(server, calendar).read()
        assert output.stat().st_ino == folder
        assert server.settled(REBUILD_MS / 1000)
        fresh = tmp_path / "fresh"
        run_build(content=content, output=fresh, quiet=True, now=NOW)
        assert _files(fresh) == _files(output)


def _status(server: DevServer, url: str) -> int:
    try:
        with _get(server, url) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_production_build_has_nothing_of_the_dev_server(tmp_path):
    content = corpus.generate(tmp_path / "content", pairs=2)
    output = tmp_path / "output"
    run_build(content=content, output=output, settings=sitebuild.PUBLISHCONF, quiet=True, now=NOW)
    assert _traces(output) == []


def _wait_until_served(server: DevServer, url: str, expected: str) -> None:
    """Until the page at `url` shows `expected` (a save's rebuild is done), or fail after REBUILD_MS."""
    for _ in range(REBUILD_MS // 100):
        if expected in _served_text(server, url):
            return
        time.sleep(0.1)
    pytest.fail(f"{url} did not show {expected!r} after a save")


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def _traces(folder: Path) -> list[str]:
    """Every file of a build holding a trace of the dev server (precompressed copies read uncompressed)."""
    unpack = {".gz": gzip.decompress, ".br": brotli.decompress}
    found = []
    for name, data in _files(folder).items():
        plain = unpack.get(Path(name).suffix, bytes)(data)
        if any(trace in plain for trace in TRACES):
            found.append(name)
    return found


def test_updates_in_place_keep_their_now_only_while_the_pages_would_be_the_same(tmp_path):
    """The development server's "now" is the clock when none is given: an update in place keeps the moment its
    Pelican was started with only while no date of the content lies in between and the day is the same (a full
    build follows otherwise)."""
    content = corpus.generate(tmp_path / "content", pairs=2)  # the second pair is dated 2021-01-18 09:00
    output = tmp_path / "output"
    started = "2021-01-18T08:00:00+01:00"
    run_build(content=content, output=output, quiet=True, now=started)
    live = LiveSite(content, output, sitebuild.PELICANCONF, None, tmp_path / "markdown")
    try:
        assert live.start(started)
        assert live._same_moment("2021-01-18T08:30:00+01:00")
        assert not live._same_moment("2021-01-18T09:30:00+01:00"), "the second pair is published in between"
        assert not live._same_moment("2021-01-19T08:00:00+01:00"), "another day"
        assert not live._same_moment("2021-01-18T07:00:00+01:00"), "earlier"
    finally:
        live.close()
