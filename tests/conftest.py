"""Shared fixtures: the real site and the fixture corpus, each built once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import sitebuild
import sitebuild.build
from tests import corpus
from tests.gates.gatekit.browser import CHROMIUM, CHROMIUM_FLAGS
from tests.gates.gatekit.server import StaticServer
from tests.support.clock import NOW
from tests.support.search import watched_tab

# The tiers (tests/README.md says what each costs): a test is marked by the fixtures it uses, so a new test
# lands in the right tier without anyone remembering a marker. `invoke test --quick` leaves out all three.
TIERS = {
    "build": "builds a site, in this process or with invoke (`-m 'not build'`: unit tests only)",
    "browser": "drives Chromium (left out by `-m 'not browser'`, e.g. under faketime)",
    "nginx": "starts Debian's nginx with deploy/nginx.conf over the production build",
}
# Fixtures that start Chromium, that build a site (the session's, then a module's own), that start nginx. A test
# that builds in its own body carries @pytest.mark.build itself.
BROWSER_FIXTURES = {"browser", "site_browser", "fixture_browser"}
BUILD_FIXTURES = {
    *("site", "corpus_site", "production_site", "production_corpus", "gate_dirs"),
    *("builds_at", "site_with_owner_facts", "site_without_owner_facts", "four_languages", "production4", "photo_site"),
    *("long_list_site", "parted_corpus"),
}
NGINX_FIXTURES = {"nginx_server", "photo_nginx"}


def pytest_configure(config: pytest.Config) -> None:
    for name, description in TIERS.items():
        config.addinivalue_line("markers", f"{name}: {description}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        # A test parametrized with a site's fixture name, which it asks for with request.getfixturevalue.
        callspec = getattr(item, "callspec", None)
        fixtures |= {value for value in (callspec.params.values() if callspec else ()) if isinstance(value, str)}
        if BROWSER_FIXTURES & fixtures:
            item.add_marker(pytest.mark.browser)
        if BUILD_FIXTURES & fixtures:
            item.add_marker(pytest.mark.build)
        if NGINX_FIXTURES & fixtures:
            item.add_marker(pytest.mark.nginx)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built with the development settings."""
    output = tmp_path_factory.mktemp("site") / "output"
    sitebuild.build.run_build(output=output, quiet=True, now=NOW)
    return output


@pytest.fixture(scope="session")
def corpus_site(tmp_path_factory) -> Path:
    """The fixture corpus (generated pairs and one-language items), built like the real site."""
    content = corpus.generate(tmp_path_factory.mktemp("corpus") / "content")
    output = tmp_path_factory.mktemp("corpus-site") / "output"
    sitebuild.build.run_build(content=content, output=output, quiet=True, now=NOW)
    return output


@pytest.fixture(scope="session")
def production_corpus(tmp_path_factory) -> Path:
    """The fixture corpus built with publishconf.py: what visitors would get of it (the gates measure this)."""
    content = corpus.generate(tmp_path_factory.mktemp("production-corpus") / "content")
    output = tmp_path_factory.mktemp("production-corpus-site") / "output"
    sitebuild.build.run_build(content=content, output=output, settings=sitebuild.PUBLISHCONF, quiet=True, now=NOW)
    return output


@pytest.fixture(scope="session")
def production_site(tmp_path_factory) -> Path:
    """The real site, built with publishconf.py: what the host serves. The gates gate this same build."""
    output = tmp_path_factory.mktemp("production") / "output"
    sitebuild.build.run_build(output=output, settings=sitebuild.PUBLISHCONF, quiet=True, now=NOW)
    return output


@pytest.fixture(scope="session")
def site_url(site) -> Iterator[str]:
    with StaticServer(site) as server:
        yield server.origin


@pytest.fixture(scope="session")
def corpus_url(corpus_site) -> Iterator[str]:
    with StaticServer(corpus_site) as server:
        yield server.origin


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_FLAGS), headless=True)
        yield browser
        browser.close()


@pytest.fixture
def tab(browser):
    """A fresh tab that fails the test on a console error, a CSP violation or a request leaving the site."""
    yield from watched_tab(browser)
