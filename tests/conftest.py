"""Shared fixtures: the real site and the fixture corpus, each built once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import sitebuild
import sitebuild.build
from tests import corpus
from tests.server import serve
from tests.support.clock import NOW

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Fixtures that start Chromium: a test that uses one is in the `browser` tier.
BROWSER_FIXTURES = {"browser", "site_browser", "fixture_browser"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Chromium (left out by `-m 'not browser'`, e.g. under faketime)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


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
def site_url(site) -> Iterator[str]:
    yield from serve(site)


@pytest.fixture(scope="session")
def corpus_url(corpus_site) -> Iterator[str]:
    yield from serve(corpus_site)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
