"""The sites the gates run over, their local servers, and the report printed after the run.

`pytest tests/gates --site-dir DIR [--fixture-dir DIR2]` gates built folders; without `--site-dir` the gates
build the real site (with publishconf.py once it exists, else pelicanconf.py) and the fixture corpus into
temporary folders. Every gate runs once per site ("site", "corpus").
"""

from __future__ import annotations

import runpy
from collections.abc import Iterator
from pathlib import Path

import pytest

import sitebuild
from tests.gates.gatekit.browser import SiteBrowser
from tests.gates.gatekit.server import StaticServer
from tests.gates.gatekit.sitemodel import Site

SITE_NAMES = ("site", "corpus")
PUBLISH_SETTINGS = sitebuild.ROOT / "publishconf.py"
REPORT = pytest.StashKey[dict[str, list[str]]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("gates", "quality gates over a built site")
    group.addoption("--site-dir", type=Path, default=None, help="gate this built site instead of building the real one")
    group.addoption("--fixture-dir", type=Path, default=None, help="gate this built fixture corpus too")


def canonical_origin() -> str:
    """The live address from pelicanconf.py: links to it are links within the site."""
    return runpy.run_path(str(sitebuild.ROOT / "pelicanconf.py"))["CANONICAL_SITEURL"].rstrip("/")


@pytest.fixture(scope="session")
def gate_dirs(request: pytest.FixtureRequest) -> dict[str, Path]:
    """The built folders to gate, by site name."""
    site_dir = request.config.getoption("site_dir", None)
    fixture_dir = request.config.getoption("fixture_dir", None)
    notes = request.config.stash.setdefault(REPORT, {}).setdefault("sites", [])
    if site_dir:
        dirs = {"site": site_dir}
        notes.append(f"site: {site_dir} (given)")
    elif PUBLISH_SETTINGS.exists():
        # The session's one production build (tests/conftest.py), shared with tests/test_production.py.
        dirs = {"site": request.getfixturevalue("production_site")}
        notes.append(f"site: built with {PUBLISH_SETTINGS.name} into {dirs['site']}")
    else:
        dirs = {"site": request.getfixturevalue("site")}
        notes.append(f"site: built with pelicanconf.py (no publishconf.py yet) into {dirs['site']}")
    if fixture_dir:
        dirs["corpus"] = fixture_dir
        notes.append(f"corpus: {fixture_dir} (given)")
    elif not site_dir:
        # Built like the real site for the host (minified, subset fonts, fingerprints): budgets are what visitors get.
        dirs["corpus"] = request.getfixturevalue("production_corpus")
        notes.append(f"corpus: built with {PUBLISH_SETTINGS.name} into {dirs['corpus']}")
    return dirs


@pytest.fixture(scope="session")
def all_sites(gate_dirs: dict[str, Path]) -> list[Site]:
    origin = canonical_origin()
    return [Site(name, folder, origin) for name, folder in gate_dirs.items()]


def gated_names(config: pytest.Config) -> list[str]:
    """The sites this run gates: both when building, else those given on the command line."""
    if not config.getoption("site_dir", None):
        return list(SITE_NAMES)
    return ["site", *(["corpus"] if config.getoption("fixture_dir", None) else [])]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "real_site_only: gate the real site only (the corpus, built from the same templates, adds nothing)"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "gated" in metafunc.fixturenames:
        names = gated_names(metafunc.config)
        if metafunc.definition.get_closest_marker("real_site_only"):
            names = [name for name in names if name == "site"]
        metafunc.parametrize("gated", names, indirect=True, scope="session")


@pytest.fixture(scope="session")
def gated(request: pytest.FixtureRequest, all_sites: list[Site]) -> Site:
    """One site to gate: a test that takes it runs once per gated site."""
    return next(site for site in all_sites if site.name == request.param)


@pytest.fixture(scope="session")
def servers() -> Iterator[dict[Path, StaticServer]]:
    """Local static servers, one per site folder, started on first use and stopped at the end."""
    running: dict[Path, StaticServer] = {}
    yield running
    for server in running.values():
        server.__exit__(None, None, None)


@pytest.fixture(scope="session")
def site_browser(gated: Site, servers: dict[Path, StaticServer], browser) -> SiteBrowser:
    if gated.root not in servers:
        servers[gated.root] = StaticServer(gated.root).__enter__()
    return SiteBrowser(browser, gated, servers[gated.root])


@pytest.fixture(scope="session")
def gate_report(request: pytest.FixtureRequest) -> dict[str, list[str]]:
    """Lines for the report after the run, by section: what passed with notes, what was reviewed, scores."""
    return request.config.stash.setdefault(REPORT, {})


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    sections = config.stash.get(REPORT, {})
    if not sections:
        return
    terminalreporter.write_sep("=", "quality gates report")
    for title, lines in sections.items():
        terminalreporter.write_line(f"{title}:")
        for line in lines or ["(nothing)"]:
            terminalreporter.write_line(f"  {line}")
