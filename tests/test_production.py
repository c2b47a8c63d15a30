"""The production build (publishconf.py, sitebuild/postprocess) and its deployment, served by Debian's nginx.

The output is checked as files (minified, fingerprinted, precompressed, security.txt, host files), then
deployed with `invoke publish`'s own steps into a releases/current layout and served by nginx running
deploy/nginx.conf over HTTPS on 127.0.0.1; Chromium reaches it as https://batteryregion.eu.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import brotli
import lxml.html
import pytest
from pelican.settings import read_settings

import sitebuild
import sitebuild.build
import sitebuild.deploy
import sitebuild.now
from sitebuild.postprocess import compress, fingerprint, host_files
from tests import nginx
from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.html import html_pages, parse, text, url_of
from tests.support.clock import NOW
from tests.support.releases import fake_site, private_site, unreadable_by_others

SITEURL = "https://batteryregion.eu"
PRODUCTION_SETTINGS = read_settings(str(sitebuild.PUBLISHCONF))
HASHED = re.compile(r"\.([0-9a-f]{10})(\.[A-Za-z0-9]+)$")
# The content hash inside an address, to compare production data with development data.
HASH_IN_ADDRESS = re.compile(r"\.[0-9a-f]{10}(?=\.[A-Za-z0-9]+\b)")
# The old Finnish about page (content/pages/om-projektet.fi.md, Aliases:).
LEGACY_ADDRESS, LEGACY_TARGET = "/projekti/?lang=fi", "/fi/tietoa-hankkeesta/"


@pytest.fixture(scope="module")
def production_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("production") / "output"
    sitebuild.build.run_build(output=output, settings=sitebuild.PUBLISHCONF, quiet=True, now=NOW)
    return output


def _text_files(output: Path) -> list[Path]:
    return [path for path in sorted(output.rglob("*")) if compress.compressible(path, output)]


# Settings -----------------------------------------------------------------------------------------


def test_publishconf_gives_the_subsites_fresh_production_settings(monkeypatch):
    """A development run that already filled pelicanconf's dicts leaves nothing in the production ones."""
    # Pelican loads a settings file as a module in sys.modules; what this test writes into its dicts must
    # not reach later tests whose settings import pelicanconf.
    for name in ("pelicanconf", "publishconf"):
        monkeypatch.setitem(sys.modules, name, None)  # recorded: restored (or removed) after the test
        del sys.modules[name]
    from pelican.plugins.i18n_subsites import i18n_subsites

    development = read_settings(str(sitebuild.ROOT / "pelicanconf.py"))
    # What i18n_subsites does on its first run: it writes SITEURL, OUTPUT_PATH, ... into these dicts.
    i18n_subsites.initialize_dbs(development)
    assert development["I18N_SUBSITES"]["fi"]["SITEURL"] == "/fi"
    development["MARKDOWN"].setdefault("extensions", []).append("development-leftover")

    production = read_settings(str(sitebuild.PUBLISHCONF))
    assert production["SITEURL"] == production["MAIN_SITEURL"] == SITEURL
    assert production["RELATIVE_URLS"] is False
    finnish = production["I18N_SUBSITES"]["fi"]
    assert finnish["SITEURL"] == f"{SITEURL}/fi"
    assert not {"OUTPUT_PATH", "CACHE_PATH", "THEME_STATIC_DIR", "DEFAULT_LANG"} & finnish.keys()
    assert finnish is not development["I18N_SUBSITES"]["fi"]
    assert "extensions" not in production["MARKDOWN"]
    assert production["POSTPROCESS"] is True
    assert production["ATOM_FEED"], "production has its feeds"


# The output as files ------------------------------------------------------------------------------


def test_pages_are_minified_and_keep_their_text(site, production_site):
    """Every page of the development build is in production, minified, with the same visible text."""
    for page in html_pages(site):
        production_page = production_site / page.relative_to(site)
        assert production_page.is_file(), f"{url_of(site, page)} is missing from the production build"
        minified = production_page.read_text(encoding="utf-8")
        assert "\n  <" not in minified, f"{url_of(site, page)} is not minified"
        assert _words(production_page) == _words(page), url_of(site, page)


# Elements that start a new line when rendered: minification may drop the whitespace around them.
BLOCKS = {"address", "article", "aside", "br", "dd", "div", "dl", "dt", "footer", "form", "h1", "h2", "h3", "h4"}
BLOCKS |= {"header", "hr", "li", "main", "nav", "noscript", "ol", "p", "section", "table", "td", "th", "tr", "ul"}


def _words(page: Path) -> list[str]:
    """The words a reader sees: whitespace between inline elements matters, around blocks it does not."""
    body = parse(page).body
    for element in body.iter():
        if isinstance(element.tag, str) and element.tag in BLOCKS:
            element.text = " " + (element.text or "")
            element.tail = " " + (element.tail or "")
    return text(body).split()


def _json_ld(path: Path) -> list:
    tree = parse(path)
    return [json.loads(script.text) for script in tree.xpath('//script[@type="application/ld+json"]')]


def test_json_ld_is_kept_as_written(site, production_site):
    """JSON-LD survives minification: the same data, with fingerprinted image names."""
    checked = 0
    for page in html_pages(site):
        development = _json_ld(page)
        if not development:
            continue
        production = json.dumps(_json_ld(production_site / page.relative_to(site)), sort_keys=True)
        assert HASH_IN_ADDRESS.sub("", production) == json.dumps(development, sort_keys=True), url_of(site, page)
        checked += 1
    assert checked, "no page has JSON-LD"


def test_theme_assets_are_named_by_their_content(production_site):
    theme = production_site / "theme"
    assets = [path for path in theme.rglob("*") if path.suffix in fingerprint.ASSET_SUFFIXES]
    assert {path.suffix for path in assets} >= {".css", ".js", ".woff2", ".svg"}
    for path in assets:
        match = HASHED.search(path.name)
        assert match, f"{path.relative_to(production_site)} has no content hash in its name"
        assert match.group(1) == hashlib.sha256(path.read_bytes()).hexdigest()[: fingerprint.HASH_LENGTH]


def _references(page: Path) -> list[str]:
    tree = parse(page)
    found = tree.xpath(
        "//link/@href | //script/@src | //img/@src | //meta[starts-with(@property, 'og:image')]/@content"
    )
    for data in _json_ld(page):
        found += re.findall(r"https://batteryregion\.eu/theme/[^\"']+", json.dumps(data))
    return found


def test_every_asset_reference_finds_its_file(production_site):
    """Pages, stylesheets and the search page's script name the fingerprinted files, which exist."""
    seen = set()
    for page in html_pages(production_site):
        base = SITEURL + url_of(production_site, page)
        for reference in _references(page):
            address = urljoin(base, reference)
            if address.startswith(f"{SITEURL}/theme/"):
                seen.add(address)
                assert (production_site / urlsplit(address).path.lstrip("/")).is_file(), f"{page}: {reference}"
    for stylesheet in (production_site / "theme").rglob("*.css"):
        for reference in re.findall(r"url\(\"?([^\")]+)\"?\)", stylesheet.read_text(encoding="utf-8")):
            target = (stylesheet.parent / reference).resolve()
            seen.add(str(target))
            assert target.is_file() and HASHED.search(target.name), f"{stylesheet.name}: url({reference})"
    assert any(".css" in address for address in seen) and any(".woff2" in address for address in seen)


def test_every_text_file_has_deterministic_gzip_and_brotli_copies(production_site):
    files = _text_files(production_site)
    assert {path.suffix for path in files} >= {".html", ".css", ".js", ".xml", ".txt", ".ics", ".json"}
    assert production_site / "pagefind" / "pagefind.js" in files, "Pagefind's own files are compressed too"
    for path in files:
        original = path.read_bytes()
        gz = path.with_name(path.name + ".gz").read_bytes()
        assert gz[4:8] == b"\0\0\0\0", f"{path}.gz has a timestamp"
        assert gzip.decompress(gz) == original
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == original
    assert not list(production_site.glob("_*.gz")), "host configuration is not served, so not compressed"


def test_security_txt_names_the_contact_and_expires_a_year_after_the_source(production_site):
    lines = (production_site / ".well-known" / "security.txt").read_text(encoding="utf-8").splitlines()
    fields = dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))
    assert fields["Contact"] == "mailto:sara.ward.edvall@regionvasterbotten.se"
    assert fields["Canonical"] == f"{SITEURL}/.well-known/security.txt"
    assert fields["Preferred-Languages"] == "sv, fi, en"
    source = datetime.fromtimestamp(int(sitebuild.now.source_date_epoch()), UTC)
    assert datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) == source + timedelta(
        days=365
    )
    assert set(fields) == {"Contact", "Expires", "Preferred-Languages", "Canonical"}


@pytest.mark.parametrize(
    ("days_after_commit", "says"),
    [
        (0, None),
        (334, None),
        (336, "security.txt expires on 2023-10-01"),
        (365, "security.txt expired on 2023-10-01"),
        (730, "security.txt expired on 2023-10-01"),
    ],
)
def test_a_publish_notes_when_security_txt_expires_and_never_fails_for_it(days_after_commit, says):
    """A nightly publish long after the last commit goes on; its summary tells the owner what to renew."""
    commit = datetime(2022, 10, 1, 12, 0, tzinfo=UTC)
    now = (commit + timedelta(days=days_after_commit)).isoformat()
    notes = [
        note
        for note in sitebuild.deploy.publish_notes(now, str(int(commit.timestamp())), PRODUCTION_SETTINGS)
        if note.startswith("security.txt")
    ]
    if says is None:
        assert notes == []
    else:
        assert len(notes) == 1 and notes[0].startswith(says) and "SECURITY_CONTACT" in notes[0]


def test_the_publish_summary_lists_every_owner_fact_not_yet_confirmed():
    """Unset owner facts are listed (a note, never a failure); a confirmed one is not."""
    settings = {**PRODUCTION_SETTINGS, "OWNER_WEB_HOST": "Webbhotell AB"}
    notes = sitebuild.deploy.publish_notes(
        "2026-11-28T02:17", str(int(datetime(2026, 11, 1, tzinfo=UTC).timestamp())), settings
    )
    named = {note.split(" ", 1)[0] for note in notes}
    assert {"OWNER_ACCESSIBILITY_CONTACT", "OWNER_DATA_PROTECTION_OFFICER"} <= named
    assert "OWNER_WEB_HOST" not in named
    assert all("pelicanconf.py" in note for note in notes)


def _headers_file(output: Path) -> dict[str, dict[str, str]]:
    rules: dict[str, dict[str, str]] = {}
    current = None
    for line in (output / "_headers").read_text(encoding="utf-8").splitlines():
        if line.startswith("/"):
            current = rules.setdefault(line, {})
        elif line.startswith("  "):
            name, value = line.strip().split(": ", 1)
            current[name] = value
    return rules


def test_netlify_headers_and_redirects(production_site):
    rules = _headers_file(production_site)
    assert rules["/*"] == host_files.SECURITY_HEADERS
    hashed = {
        "/" + path.relative_to(production_site).as_posix()
        for path in production_site.rglob("*")
        if HASHED.search(path.name) and path.suffix not in (".gz", ".br")
    }
    pagefind_index = {
        "/" + path.relative_to(production_site).as_posix()
        for path in (production_site / "pagefind").rglob("*")
        if path.suffix in (".pf_fragment", ".pf_index", ".pf_meta")
    }
    assert pagefind_index, "Pagefind's index files are listed"
    immutable = {path for path, headers in rules.items() if headers.get("Cache-Control") == host_files.IMMUTABLE}
    assert immutable == hashed | pagefind_index
    ics = {"/" + path.relative_to(production_site).as_posix() for path in production_site.rglob("*.ics")}
    assert ics and {path for path, headers in rules.items() if "Content-Type" in headers} == ics
    redirects = (production_site / "_redirects").read_text(encoding="utf-8").splitlines()
    assert f"/projekti/  lang=fi  {LEGACY_TARGET}  301!" in redirects
    assert "/  lang=fi  /fi/  301!" in redirects
    assert "/fi/*  /fi/404.html  404" in redirects
    nginx_map = (production_site / host_files.NGINX_MAP).read_text(encoding="utf-8").splitlines()
    assert f'"fi:/projekti/" {LEGACY_TARGET};' in nginx_map and f'"fi:/projekti" {LEGACY_TARGET};' in nginx_map


@pytest.mark.parametrize(
    ("aliases", "message"),
    [
        ("/kontakt/", "is the address of a page of this site"),
        ("/projekti/?p=12", "has a query other than ?lang=sv or ?lang=fi"),
        ("https://example.org/x/", "is not a path on this site"),
        ('/a";b/', "is not a path on this site"),
    ],
    ids=["hides_a_page", "other_query", "other_site", "unsafe_characters"],
)
def test_a_bad_alias_fails_the_build_naming_the_file_and_line(tmp_path, aliases, message):
    content = tmp_path / "content"
    shutil.copytree(sitebuild.ROOT / "content", content)
    page = content / "pages" / "kontakt.sv.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    blank = lines.index("")
    lines.insert(blank, f"Aliases: {aliases}")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(sitebuild.BuildError) as failure:
        sitebuild.build.run_build(
            content=content, output=tmp_path / "output", settings=sitebuild.PUBLISHCONF, quiet=True
        )
    assert f"{page}:{blank + 1}: the alias" in str(failure.value)
    assert message in str(failure.value)
    assert not (tmp_path / "output").exists()


# Reproducible ---------------------------------------------------------------------------------------

FAKED = [("2033-05-17 03:00:00", "Pacific/Auckland"), ("2041-11-03 22:30:00", "America/Los_Angeles")]


def _source_copy(target: Path) -> Path:
    """The files of this checkout (committed and new, not ignored) copied to `target`."""
    listed = subprocess.run(
        ["git", "-C", str(sitebuild.ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = sitebuild.ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def _tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_two_production_builds_at_different_times_and_places_are_identical(tmp_path):
    """Same commit, other folders, other (faked) clocks and time zones: the same bytes, Pagefind included.

    The build's "now" (events split, items held back) is the commit's time here, as SOURCE_DATE_EPOCH
    (plugins/schedule's build_now): nothing in the output comes from the clock.
    """
    epoch = sitebuild.now.source_date_epoch()
    trees = []
    for number, (moment, zone) in enumerate(FAKED):
        checkout = _source_copy(tmp_path / f"checkout-{number}")
        output = tmp_path / f"output-{number}"
        result = subprocess.run(
            [
                "faketime",
                "-f",
                f"@{moment}",
                sys.executable,
                "-m",
                "invoke",
                "build",
                "--production",
                "--output",
                output,
            ],
            cwd=checkout,
            env={**_environment(), "TZ": zone, "SOURCE_DATE_EPOCH": epoch},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        trees.append(_tree(output))
    first, second = trees
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert not different, f"differ between the two builds: {different}"
    # No other date of the faked clocks reached the text of the output: every date comes from the content.
    texts = {name: data for name, data in first.items() if Path(name).suffix in compress.TEXT_SUFFIXES}
    for moment, _zone in FAKED:
        for year in (moment[:4], moment[:10]):
            assert not [name for name, data in texts.items() if year.encode() in data], year


def _environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in ("SOURCE_DATE_EPOCH", "TZ")}


def test_every_file_is_readable_by_the_web_server_and_dated_by_the_source(production_site):
    """Folders 0755, files 0644 (nginx reads them as its own user), every time the commit's: a rebuild of
    the same commit gives no file a new Last-Modified or ETag."""
    epoch = int(sitebuild.now.source_date_epoch())
    wrong = [
        f"{path.relative_to(production_site)}: {stat.filemode(path.stat().st_mode)}, {path.stat().st_mtime}"
        for path in [production_site, *production_site.rglob("*")]
        if stat.S_IMODE(path.stat().st_mode) != (0o755 if path.is_dir() else 0o644) or path.stat().st_mtime != epoch
    ]
    assert not wrong


def test_pagefind_names_its_index_files_by_their_content(production_site, tmp_path):
    """Why they may be cached for good: a changed text gives its language new index file names, and a
    name in two builds is the same bytes. Pagefind's entry files keep their names (short-lived)."""
    content = tmp_path / "content"
    shutil.copytree(sitebuild.ROOT / "content", content)
    article = content / "articles" / "2022-06-30-slutkonferens.sv.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nBatterikompetens.\n", encoding="utf-8")
    other = tmp_path / "output"
    sitebuild.build.run_build(content=content, output=other, settings=sitebuild.PUBLISHCONF, quiet=True)
    before, after = _tree(production_site / "pagefind"), _tree(other / "pagefind")
    content_named = {name for name in before.keys() | after.keys() if host_files.is_immutable(f"/pagefind/{name}")}
    assert not [name for name in content_named & before.keys() & after.keys() if before[name] != after[name]]
    changed = {name for name in content_named if (name in before) != (name in after)}
    assert changed and all("sv_" in name for name in changed), changed
    assert {"pagefind.js", "pagefind-entry.json"} <= before.keys() & after.keys()
    assert not host_files.is_immutable("/pagefind/pagefind.js") and not host_files.is_immutable(
        "/pagefind/wasm.sv.pagefind"
    )


def test_the_production_build_checks_content_at_the_moment_it_builds_for(tmp_path, monkeypatch):
    """One "now" per build: for production the source's date, for the content check as for Pelican.

    An article dated after the commit (but before the clock) is held back; a link to it is a content
    problem the check names, before Pelican runs, not a page Pelican cannot find later.
    """
    epoch = datetime(2022, 10, 1, 12, 0, tzinfo=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(epoch.timestamp())))
    content = tmp_path / "content"
    shutil.copytree(sitebuild.ROOT / "content", content)
    later = content / "articles" / "2022-10-02-senare.sv.md"
    later.write_text(
        "Title: En senare nyhet\nDate: 2022-10-02 10:00\nLang: sv\nKey: senare\nSlug: en-senare-nyhet\n"
        "Category: Nyheter\nSummary: En nyhet daterad efter källans datum.\nStatus: published\n\nText.\n",
        encoding="utf-8",
    )
    news = content / "articles" / "2022-09-15-kompetensbehov-kartlagt.sv.md"
    news.write_text(
        news.read_text(encoding="utf-8") + "\nSe [den senare nyheten]({filename}2022-10-02-senare.sv.md).\n",
        encoding="utf-8",
    )
    with pytest.raises(sitebuild.BuildError) as failure:
        sitebuild.build.run_build(
            content=content, output=tmp_path / "output", settings=sitebuild.PUBLISHCONF, quiet=True
        )
    message = str(failure.value)
    assert "link to {filename}2022-10-02-senare.sv.md, which is dated 2022-10-02 10:00" in message
    assert "as of 2022-10-01T14:00:00+02:00: nothing was built" in message
    assert "invoke check --now 2022-10-01T14:00:00+02:00" in message
    assert "Pelican reported" not in message
    assert not (tmp_path / "output").exists()


# Deployment (the deploy steps themselves, and publishes killed halfway: tests/test_deploy.py) ------------


def test_a_local_release_is_readable_by_the_web_servers_user(tmp_path, production_site):
    root = tmp_path / "deploy"
    sitebuild.deploy.deploy_local(production_site, root, "built")
    sitebuild.deploy.deploy_local(private_site(tmp_path / "private", "f" * 10), root, "private")
    assert not unreadable_by_others(root / "releases" / "built")
    assert not unreadable_by_others(root / "releases" / "private")


def test_publish_deploys_nothing_when_the_build_fails(tmp_path):
    target = tmp_path / "deploy"
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "publish", "--target", str(target)],
        cwd=sitebuild.ROOT,
        env={**_environment(), "SOURCE_DATE_EPOCH": "not-a-time"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "SOURCE_DATE_EPOCH is 'not-a-time'" in result.stderr
    assert "Nothing was deployed." in result.stderr
    assert not (target / "current").exists()


def _build_stand_in(seen: dict):
    """sitebuild.build.run_build replaced by a fake site written where the build would be (its `now` recorded)."""

    def build(output: Path, settings: Path, now: str | None = None, **_options) -> dict[str, int]:
        seen["build"] = now
        fake_site(output, "b" * 10)
        return {"sv": 1, "fi": 0}

    return build


@pytest.mark.parametrize("failing", ["check", "verify"])
def test_a_failing_gate_deploys_nothing_and_the_live_release_stays(tmp_path, monkeypatch, failing):
    root = tmp_path / "deploy"
    sitebuild.deploy.deploy_local(fake_site(tmp_path / "live", "a" * 10), root, "live")
    before = sorted(path.name for path in (root / "releases").iterdir())
    monkeypatch.setattr(sitebuild.deploy, "run_build", _build_stand_in({}))
    # The gates as commands that pass or fail like the real ones: `check` first, then `verify`.
    ran = tmp_path / "ran"
    gates = {name: f"echo {name} >> {ran}; exit {3 if name == failing else 0}" for name in ("check", "verify")}
    monkeypatch.setattr(sitebuild.deploy, "publish_gates", lambda site, now=None: list(gates.values()))
    with pytest.raises(sitebuild.deploy.PublishError) as failed:
        sitebuild.deploy.publish(target=str(root))
    assert f"`{gates[failing]}` failed: nothing was deployed" in str(failed.value)
    assert ran.read_text(encoding="utf-8").split() == (["check"] if failing == "check" else ["check", "verify"])
    assert (root / "current").resolve() == (root / "releases" / "live").resolve()
    assert sorted(path.name for path in (root / "releases").iterdir()) == before
    assert (root / "current" / "index.html").read_text(
        encoding="utf-8"
    ) == f"<link href=/theme/css/main.{'a' * 10}.css>"


def test_publish_builds_and_checks_for_one_moment(tmp_path, monkeypatch):
    """Without --now, the build and the `check` gate both get the source's date, worked out once."""
    seen: dict = {}
    monkeypatch.setattr(sitebuild.deploy, "run_build", _build_stand_in(seen))

    def gates(site: Path, now: str | None = None) -> list[str]:
        seen["gates"] = now
        return ["true"]

    monkeypatch.setattr(sitebuild.deploy, "publish_gates", gates)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2022, 10, 1, 12, 0, tzinfo=UTC).timestamp())))
    sitebuild.deploy.publish(target=str(tmp_path / "deploy"))
    assert seen == {"build": "2022-10-01T14:00:00+02:00", "gates": "2022-10-01T14:00:00+02:00"}
    sitebuild.deploy.publish(target=str(tmp_path / "deploy-2"), now="2026-11-28T02:17")
    assert seen == {"build": "2026-11-28T02:17", "gates": "2026-11-28T02:17"}


def test_publish_gates_are_the_content_check_and_the_quality_gates_on_that_build(tmp_path):
    import shlex

    commands = [shlex.split(gate) for gate in sitebuild.deploy.publish_gates(tmp_path / "site")]
    assert [command[command.index(str(sitebuild.ROOT)) + 1 :] for command in commands] == [
        ["check"],
        ["verify", "--site-dir", str(tmp_path / "site")],
    ]


# Served by nginx --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(production_site):
    """nginx with deploy/nginx.conf serving the production build deployed as releases/<id> + current.

    As root (CI), its worker runs as www-data, as on the host: the release must be readable by another
    user, so it lives in a folder others may enter (pytest's own temporary folders are private).
    """
    missing = nginx.available()
    if missing:
        pytest.fail(missing)
    with tempfile.TemporaryDirectory(prefix="batteryregion-nginx-") as tmp:
        work = Path(tmp)
        work.chmod(0o755)
        root = work / "srv"
        sitebuild.deploy.deploy_local(production_site, root, "test-release")
        running = nginx.Nginx.start(root / "current", work / "prefix")
        yield running
        running.stop()


def test_security_headers_are_the_ones_in_headers_file(server, production_site):
    """Pages, misses and redirects all carry the same headers as _headers gives other hosts."""
    expected = _headers_file(production_site)["/*"]
    for path in ("/", "/fi/", "/kontakt/", "/finns-inte/", LEGACY_ADDRESS, "/theme/"):
        response, _body = server.request(path)
        for name, value in expected.items():
            assert response.getheader(name) == value, f"{path}: {name}"
        assert response.getheader("Server") == "nginx", f"{path}: the version is not announced"


def test_fingerprinted_assets_are_immutable_and_the_rest_short_lived(server, production_site):
    stylesheet = next((production_site / "theme" / "css").glob("main.*.css"))
    cases = {
        "/" + stylesheet.relative_to(production_site).as_posix(): host_files.IMMUTABLE,
        "/": host_files.SHORT,
        "/fi/yhteystiedot/": host_files.SHORT,
        "/pagefind/pagefind.js": host_files.SHORT,
        "/pagefind/pagefind-entry.json": host_files.SHORT,
        "/theme/fonts/UBUNTU-FONT-LICENCE.txt": host_files.SHORT,
    }
    for path, expected in cases.items():
        response, _body = server.request(path)
        assert response.status == 200, path
        assert response.getheader("Cache-Control") == expected, path


@pytest.mark.parametrize(
    ("accept", "encoding", "suffix"), [("br, gzip", "br", ".br"), ("gzip", "gzip", ".gz"), ("identity", None, "")]
)
def test_precompressed_files_are_served_as_negotiated(server, production_site, accept, encoding, suffix):
    stylesheet = next((production_site / "theme" / "css").glob("main.*.css"))
    for path, file in (
        ("/", production_site / "index.html"),
        ("/fi/", production_site / "fi" / "index.html"),
        ("/" + stylesheet.relative_to(production_site).as_posix(), stylesheet),
        ("/pagefind/pagefind.js", production_site / "pagefind" / "pagefind.js"),
    ):
        response, body = server.request(path, {"Accept-Encoding": accept})
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
def test_a_miss_gets_the_404_page_of_its_language(server, path, lang):
    response, body = server.request(path)
    assert response.status == 404
    tree = lxml.html.fromstring(body)
    assert tree.get("lang") == lang
    assert tree.body.get("data-page-type") == "not_found"


@pytest.mark.parametrize(
    ("old", "new"),
    [(LEGACY_ADDRESS, LEGACY_TARGET), ("/projekti?lang=fi", LEGACY_TARGET), ("/?lang=fi", "/fi/")],
)
def test_old_addresses_redirect_to_the_new_pages(server, old, new):
    response, _body = server.request(old)
    assert (response.status, response.getheader("Location")) == (301, new)
    assert server.request(new)[0].status == 200


def test_calendar_files_are_served_as_text_calendar(server, production_site):
    calendars = sorted(production_site.rglob("*.ics"))
    assert calendars, "the production build has .ics files (events)"
    for calendar in calendars:
        response, body = server.request("/" + calendar.relative_to(production_site).as_posix())
        assert response.status == 200
        assert response.getheader("Content-Type") == host_files.CALENDAR_TYPE
        assert body.startswith(b"BEGIN:VCALENDAR")


def test_text_is_declared_utf8(server):
    for path, content_type in {
        "/.well-known/security.txt": "text/plain; charset=utf-8",
        "/feeds/atom.xml": "application/atom+xml; charset=utf-8",
        "/": "text/html; charset=utf-8",
    }.items():
        assert server.request(path)[0].getheader("Content-Type") == content_type, path


def test_plain_http_redirects_to_https(server):
    response = server.plain_request("/kontakt/?x=1")
    assert (response.status, response.getheader("Location")) == (301, "https://batteryregion.eu/kontakt/?x=1")


def test_www_redirects_to_the_site_at_its_one_address(server):
    response, _body = server.request("/kontakt/?x=1", host=nginx.WWW_HOST)
    assert (response.status, response.getheader("Location")) == (301, "https://batteryregion.eu/kontakt/?x=1")
    assert response.getheader("Strict-Transport-Security") == host_files.SECURITY_HEADERS["Strict-Transport-Security"]
    response = server.plain_request("/fi/", host=nginx.WWW_HOST)
    assert (response.status, response.getheader("Location")) == (301, "https://batteryregion.eu/fi/")


def test_nginx_caches_every_file_as_the_headers_file_says(server, production_site):
    """Immutable exactly for the files _headers names (fingerprinted assets, Pagefind's index), short otherwise."""
    rules = _headers_file(production_site)
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
        response, _body = server.request(site_path)
        if (response.status, response.getheader("Cache-Control")) != (200, expected):
            wrong.append(f"{site_path}: {response.status} {response.getheader('Cache-Control')}")
    assert any(rules.get(f"/{p.relative_to(production_site).as_posix()}") for p in served if p.suffix == ".pf_fragment")
    assert not wrong


def test_notes_for_maintainers_are_not_published_and_the_font_licence_is_text(server, production_site):
    assert not list(production_site.rglob("README*")), "the theme's READMEs stay in the repository"
    response, body = server.request("/theme/fonts/UBUNTU-FONT-LICENCE.txt")
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/plain; charset=utf-8"
    assert b"UBUNTU FONT LICENCE Version 1.0" in body


def test_nginx_answers_as_another_user_than_the_one_who_published(server):
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
        if fields.get("PPid", "").strip() == str(server.process.pid):
            workers.append(pwd.getpwuid(int(fields["Uid"].split()[0])).pw_name)
    assert workers == [nginx.WEB_USER]
    assert server.request("/")[0].status == 200


@pytest.mark.parametrize("path", ["/_headers", "/_redirects", "/_nginx/legacy-redirects.map"])
def test_host_configuration_is_not_served(server, path):
    assert server.request(path)[0].status == 404


def test_switching_releases_never_interrupts_the_site(server, production_site):
    """Requests while three releases go live one after another: every one is answered with the page."""
    root = Path(str(server.prefix)).parent / "srv"
    failures: list[str] = []
    done = threading.Event()

    def keep_requesting() -> None:
        deadline = time.monotonic() + 60
        while not done.is_set() and time.monotonic() < deadline:
            response, body = server.request("/kontakt/")
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


# Every page type in Chromium under the Content-Security-Policy ----------------------------------------

CSP_PROBE = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""
SEARCHES = {"sv": "konferensen", "fi": "konferenssi"}


@pytest.fixture(scope="module")
def production_browser(server, browser):
    """Chromium that resolves batteryregion.eu to the test's nginx (its certificate is self-signed).

    A second Chromium from the session's Playwright (only one may run): the address mapping is a launch option.
    """
    rules = f"--host-resolver-rules=MAP {nginx.HOST} 127.0.0.1:{server.https_port}"
    mapped = browser.browser_type.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, rules])
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
