"""The production build (publishconf.py, sitebuild/postprocess) as files: minified, fingerprinted, precompressed,
security.txt, host files, reproducible.

The build is the session's one (tests/conftest.py `production_site`), which the gates gate too. How nginx serves
it: tests/test_nginx.py; how it is deployed and published: tests/test_deploy.py, tests/test_publish.py.
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
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import brotli
import pytest
from pelican.settings import read_settings

import sitebuild
import sitebuild.build
import sitebuild.deploy
import sitebuild.now
from sitebuild.postprocess import compress, fingerprint, host_files
from tests.support.html import html_pages, parse, text, url_of
from tests.support.production import HASHED, LEGACY_TARGET, SITEURL, headers_file

PRODUCTION_SETTINGS = read_settings(str(sitebuild.PUBLISHCONF))
# The content hash inside an address, to compare production data with development data.
HASH_IN_ADDRESS = re.compile(r"\.[0-9a-f]{10}(?=\.[A-Za-z0-9]+\b)")


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


def test_security_txt_warns_from_thirty_days_before_it_expires_and_says_when_it_has():
    from sitebuild.postprocess.host_files import SECURITY_TXT_WARNING, security_txt_expires, security_txt_note

    commit = int(datetime(2022, 10, 1, 12, 0, tzinfo=UTC).timestamp())
    expires = security_txt_expires(commit)
    assert expires == datetime(2023, 10, 1, 12, 0, tzinfo=UTC)
    second = timedelta(seconds=1)
    assert security_txt_note(commit, expires - SECURITY_TXT_WARNING - second) is None
    assert security_txt_note(commit, expires - SECURITY_TXT_WARNING).startswith("security.txt expires on 2023-10-01")
    assert security_txt_note(commit, expires - second).startswith("security.txt expires on 2023-10-01")
    assert security_txt_note(commit, expires).startswith("security.txt expired on 2023-10-01")


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


def test_netlify_headers_and_redirects(production_site):
    rules = headers_file(production_site)
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


@pytest.mark.build
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


@pytest.mark.build
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


@pytest.mark.build
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
    # A large site's parts (sitebuild/search.py): their index files as the main bundle's, their entries not.
    assert host_files.is_immutable("/pagefind/fi-2/fragment/fi_0123abcd.pf_fragment")
    assert host_files.is_immutable("/pagefind/sv-12/index/sv_0123abcd.pf_index")
    assert not host_files.is_immutable("/pagefind/fi-2/pagefind-entry.json")
    assert not host_files.is_immutable("/pagefind/parts.json")


@pytest.mark.build
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
