"""Shared fixtures: the real site and the fixture corpus, each built once per test session."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import tasks
from tests import corpus

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built with the development settings."""
    output = tmp_path_factory.mktemp("site") / "output"
    tasks.run_build(output=output, quiet=True)
    return output


@pytest.fixture(scope="session")
def corpus_site(tmp_path_factory) -> Path:
    """The fixture corpus (generated pairs and one-language items), built like the real site."""
    content = corpus.generate(tmp_path_factory.mktemp("corpus") / "content")
    output = tmp_path_factory.mktemp("corpus-site") / "output"
    tasks.run_build(content=content, output=output, quiet=True)
    return output


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free localhost port; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


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
