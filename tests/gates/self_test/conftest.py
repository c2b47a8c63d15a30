"""Small fixture sites, named after what they break, served and opened like a real build."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.gates.gatekit.browser import SiteBrowser
from tests.gates.gatekit.server import StaticServer
from tests.gates.gatekit.sitemodel import Site

FIXTURES = Path(__file__).parent / "fixtures"
ORIGIN = "https://batteryregion.eu"


@pytest.fixture(scope="session")
def fixture_site() -> Callable[[str], Site]:
    def make(name: str) -> Site:
        return Site(name, FIXTURES / name, ORIGIN)

    return make


@pytest.fixture(scope="session")
def fixture_browser(browser, fixture_site) -> Iterator[Callable[[str], SiteBrowser]]:
    """A SiteBrowser for a fixture site; each site is served once per session."""
    running: dict[str, StaticServer] = {}

    def make(name: str) -> SiteBrowser:
        site = fixture_site(name)
        if name not in running:
            running[name] = StaticServer(site.root).__enter__()
        return SiteBrowser(browser, site, running[name])

    yield make
    for server in running.values():
        server.__exit__(None, None, None)
