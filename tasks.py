"""Every command a person runs on this project: `invoke --list` documents them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from invoke import task

ROOT = Path(__file__).resolve().parent
THEME = ROOT / "themes" / "batteryregion"
CATALOG_DIR = THEME / "translations"
POT_FILE = CATALOG_DIR / "messages.pot"
PLUGINS = ROOT / "plugins"
CATALOG_LANGS = ("sv", "fi")
SERVE_HOST = "127.0.0.1"
SERVE_PORT = 8000
# Names that are the same in every language and may stand as literal template text.
_UNTRANSLATED_NAMES = {"Battery Region", "Interreg Nord", "Region Västerbotten", "OSAO"}


class BuildError(Exception):
    """A build step failed; the message says what and how to fix it."""


def _fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(1)


def _extract_messages(target: Path, theme: Path = THEME, plugins: Path = PLUGINS) -> None:
    """Extract the interface strings of the templates and the plugins (.ics texts) into a .pot file with pybabel."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "--no-location",
            "--omit-header",
            "--sort-output",
            "--keyword",
            "gettext_in:2",
            "-F",
            str(theme / "babel.cfg"),
            "-o",
            str(target),
            str(theme / "templates"),
            str(plugins),
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )


def _shown(path: Path) -> str:
    """A path as a person in the repository would type it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _msgids(path: Path) -> set[str]:
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {message.id if isinstance(message.id, str) else message.id[0] for message in catalog if message.id}


def check_catalogs(theme: Path = THEME, plugins: Path = PLUGINS) -> list[str]:
    """Return every problem with the interface catalogs (stale .pot, untranslated, fuzzy, text outside gettext)."""
    catalog_dir = theme / "translations"
    pot_file = catalog_dir / "messages.pot"
    from babel.messages.pofile import read_po

    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "messages.pot"
        _extract_messages(fresh, theme, plugins)
        new, committed = _msgids(fresh), _msgids(pot_file) if pot_file.exists() else set()
        for msgid in sorted(new - committed):
            problems.append(
                f"{_shown(pot_file)}: interface string {msgid!r} is missing"
                " — run `invoke catalogs` and translate it in both .po files"
            )
        for msgid in sorted(committed - new):
            problems.append(
                f"{_shown(pot_file)}: {msgid!r} is no longer used in the templates or plugins"
                " — run `invoke catalogs` to update the catalogs"
            )
    for lang in CATALOG_LANGS:
        po_path = catalog_dir / lang / "LC_MESSAGES" / "messages.po"
        rel = _shown(po_path)
        if not po_path.exists():
            problems.append(f"{rel}: catalog missing — run `invoke catalogs`")
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:
                continue
            where = f"{rel}:{message.lineno}"
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy:
                problems.append(f"{where}: {msgid!r} is marked fuzzy — check the translation and remove the fuzzy flag")
            elif not all(strings):
                problems.append(f"{where}: {msgid!r} has no translation — write the {lang} text in msgstr")
    for template, line, text in _untranslatable_text(theme / "templates"):
        problems.append(
            f"{_shown(template)}:{line}: text {text!r} is outside gettext"
            " — wrap it in {{ _('...') }} or {% trans %}"
        )
    return problems


# Jinja constructs, HTML tags and entities: what is left outside them is literal text.
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_TAG = re.compile(r"<[^>]*>|&[a-z]+;|&#\d+;", re.DOTALL)
# Attributes whose literal values a person hears or reads.
_SPOKEN_ATTRIBUTES = re.compile(r'\b(?:aria-label|alt|title|placeholder)="([^"]*[^\W\d_][^"]*)"')


def _blank(match: re.Match) -> str:
    """Replace a match by spaces, keeping its newlines so line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _untranslatable_text(templates: Path) -> list[tuple[Path, int, str]]:
    """Find words in templates that do not go through gettext (literal text and spoken attributes)."""
    found = []
    for template in sorted(templates.rglob("*.html")):
        source = _JINJA.sub(_blank, template.read_text(encoding="utf-8"))
        for match in _SPOKEN_ATTRIBUTES.finditer(source):
            found.append((template, source.count("\n", 0, match.start()) + 1, match.group(1)))
        text = _TAG.sub(_blank, source)
        for number, line in enumerate(text.splitlines(), start=1):
            words = " ".join(line.split())
            # Project and proper names stay as they are in every language.
            if re.search(r"[^\W\d_]", words) and words not in _UNTRANSLATED_NAMES:
                found.append((template, number, words))
    return found


def compile_catalogs() -> None:
    """Compile the .po catalogs into the .mo files the build loads."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for lang in CATALOG_LANGS:
        po_path = CATALOG_DIR / lang / "LC_MESSAGES" / "messages.po"
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        with po_path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)


PAGEFIND_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


def index_search(site: Path, languages: list[str]) -> None:
    """Index the built site with Pagefind into site/pagefind/: one index per <html lang>, stemmed.

    Only elements marked `data-pagefind-body` (article and page title, lead, body) are indexed.
    Pagefind answers a language without an index from the largest other one, so every language
    with pages must have its own index, or the Finnish search would return Swedish pages.
    """
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BuildError(f"{result.stdout}{result.stderr}Pagefind could not index {site}; see its messages above.")
    # Pagefind's ready-made interfaces inject styles (no good under a strict CSP); the search page
    # uses its JS API with our own markup (static/js/search.js), so they are not published.
    for unused in PAGEFIND_UNUSED:
        (site / "pagefind" / unused).unlink(missing_ok=True)
    indexed = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    missing = [lang for lang in languages if not indexed.get(lang, {}).get("page_count")]
    if missing:
        raise BuildError(
            f"Pagefind found nothing to index in {', '.join(missing)}: mark the article and page text with"
            " data-pagefind-body in themes/batteryregion/templates (article.html, page.html)."
        )


def _count_pages(output: Path) -> dict[str, int]:
    """HTML pages written per language: Finnish under fi/, Swedish everywhere else."""
    counts = {"sv": 0, "fi": 0}
    for page in output.rglob("*.html"):
        lang = "fi" if page.relative_to(output).parts[0] == "fi" else "sv"
        counts[lang] += 1
    return counts


def run_build(
    content: Path = ROOT / "content",
    output: Path = ROOT / "output",
    settings: Path = ROOT / "pelicanconf.py",
    quiet: bool = False,
    now: str | None = None,
) -> dict[str, int]:
    """Validate, build into a fresh folder and replace `output` only if everything succeeded.

    "Now" is worked out once (`resolve_now`) and given to every step that needs it: the content
    check, Pelican (`-e BUILD_NOW=...`), and, in `publish`, the `check` gate.
    """
    started = time.monotonic()
    production = _is_production(settings)
    epoch = source_date_epoch() if production else None
    now = resolve_now(settings, now, epoch)
    # Content first (plugins/content_check): any error stops the build before anything is written.
    _refuse_bad_content(content, settings, now)
    problems = check_catalogs()
    if problems:
        raise BuildError("\n".join(problems))
    compile_catalogs()
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    # mkdtemp makes the folder private (0700); it becomes the site root, which the web server reads as another user.
    staging.chmod(0o755)
    try:
        # A fresh process per build: i18n_subsites keeps module-global state and gettext caches catalogs.
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys, tasks; sys.exit(tasks.pelican_process(sys.argv[1:]))",
                str(content),
                "--settings",
                str(settings),
                "--output",
                str(staging),
                "--ignore-cache",
                *_build_settings_arguments(now, epoch),
            ],
            check=False,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=quiet,
            text=True,
        )
        if result.returncode != 0:
            detail = (result.stdout + result.stderr) if quiet else ""
            raise BuildError(f"{detail}The build failed; {output} was not replaced.".strip())
        counts = _count_pages(staging)
        index_search(staging, [lang for lang, count in counts.items() if count])
        if production:
            from plugins.production import finish_after_search

            finish_after_search(staging, int(epoch))
        if output.exists():
            previous = output.with_name(f".{output.name}.previous")
            shutil.rmtree(previous, ignore_errors=True)
            output.rename(previous)
            staging.rename(output)
            shutil.rmtree(previous)
        else:
            staging.rename(output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if not quiet:
        elapsed = time.monotonic() - started
        print(f"Built {output}: {counts['sv']} Swedish and {counts['fi']} Finnish pages in {elapsed:.1f} s.")
    return counts


def pelican_process(argv: list[str]) -> int:
    """Run Pelican in this (fresh) process; every warning or error it logs fails the build.

    Pelican on its own logs a broken article and carries on without it; `--fatal` stops at the
    first problem with a traceback. Here all problems are collected, listed, and the exit status is 1.
    """
    import logging

    from pelican import get_instance, parse_arguments
    from pelican.log import init as init_logging

    class Collector(logging.Handler):
        def __init__(self) -> None:
            super().__init__(logging.WARNING)
            self.problems: dict[str, None] = {}  # ordered, without the repeat from the second language

        def emit(self, record: logging.LogRecord) -> None:
            message = f"{record.levelname.lower()}: {record.getMessage()}"
            # Pelican logs "Could not process x" inside its except block without the exception itself.
            error = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
            # ...but an error logged with its own text (as below) already says it.
            if error is not None and str(error) not in message:
                message += f" ({type(error).__name__}: {error})"
            self.problems[message] = None

    args = parse_arguments(argv)
    init_logging(level=logging.WARNING, name="pelican")
    collector = Collector()
    logging.getLogger().handlers = [collector]
    try:
        pelican, _settings = get_instance(args)
        pelican.run()
    except Exception as error:  # reported below with the rest, then the build fails
        logging.getLogger("pelican").error("%s: %s", type(error).__name__, error)
    for message in collector.problems:
        print(message, file=sys.stderr)
    if collector.problems:
        print(
            f"Pelican reported {len(collector.problems)} problem(s); fix them in the files named above"
            " (`invoke check` checks all content and says how).",
            file=sys.stderr,
        )
        return 1
    return 0


@task
def catalogs(c):
    """Update the interface catalogs (.pot and the sv/fi .po files) from the templates and plugins."""
    _extract_messages(POT_FILE)
    for lang in CATALOG_LANGS:
        po_path = CATALOG_DIR / lang / "LC_MESSAGES" / "messages.po"
        verb = "update" if po_path.exists() else "init"
        c.run(
            f"{sys.executable} -m babel.messages.frontend {verb} --no-wrap -D messages"
            f" -i {POT_FILE} -d {CATALOG_DIR} -l {lang}" + (" --ignore-obsolete" if verb == "update" else ""),
        )
    print("Catalogs updated: translate the new entries in sv and fi, then build.")


@task(
    help={
        "content": "content folder (default: content)",
        "output": "output folder (default: output)",
        "now": "publish as of this moment, e.g. 2022-09-01T00:00 (default: the clock; with --production the last"
        " commit's time)",
        "production": "build with publishconf.py: absolute URLs, minified, fingerprinted, precompressed",
    }
)
def build(c, content="content", output="output", now=None, production=False):
    """Build the site into output/ (development settings, or --production with publishconf.py)."""
    try:
        run_build(ROOT / content, ROOT / output, PUBLISHCONF if production else ROOT / "pelicanconf.py", now=now)
    except BuildError as error:
        _fail(str(error))


@task
def serve(c, port=SERVE_PORT):
    """Build, serve on http://127.0.0.1:8000/ and rebuild on every change."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from watchfiles import watch

    output = ROOT / "output"
    try:
        run_build(output=output)
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
    # The handler joins the folder name on every request, so it keeps serving after output/ is swapped.
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(output))
    server = ThreadingHTTPServer((SERVE_HOST, int(port)), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving http://{SERVE_HOST}:{port}/ (Finnish: /fi/). Ctrl+C stops.")
    watched = [ROOT / "content", THEME, ROOT / "plugins", ROOT / "pelicanconf.py"]
    try:
        for changes in watch(*watched, watch_filter=lambda _change, path: not path.endswith((".mo", ".pyc"))):
            print(f"Changed: {', '.join(sorted(Path(p).name for _c, p in changes))}; rebuilding.")
            try:
                run_build(output=output)
            except BuildError as error:
                print(f"error: {error}\nThe previous build is still served.", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


@task
def lint(c):
    """Check the Python code with ruff (lint and format)."""
    c.run(f"{sys.executable} -m ruff check .", pty=False)
    c.run(f"{sys.executable} -m ruff format --check .", pty=False)


@task(pre=[lint])
def test(c):
    """Run the whole test suite: lint, build and content tests, browser tests, quality gates."""
    c.run(f"{sys.executable} -m pytest -q tests", pty=False)


# Editors' workflow: content check, new items, translations (plugins/content_check) ----------------


def _content_settings(content: Path, settings: Path = ROOT / "pelicanconf.py", now: str | None = None) -> dict:
    """Pelican's settings for a content folder (and a fixed "now"), as the build will see them."""
    from pelican.settings import read_settings

    if not Path(content).is_dir():
        _fail(f"there is no content folder {_shown(Path(content))} — give the folder that holds articles/ and pages/")
    overrides = {"PATH": str(Path(content).resolve())}
    if now:
        overrides["BUILD_NOW"] = now
    return read_settings(str(settings), override=overrides)


def check_content(content: Path = ROOT / "content", settings: Path = ROOT / "pelicanconf.py", now: str | None = None):
    """Validate every content file without building; return the problems (errors and notes)."""
    from plugins.content_check import build_now, validate

    config = _content_settings(content, settings, now)
    return validate(Path(config["PATH"]), config, build_now(config))


def _refuse_bad_content(content: Path, settings: Path, now: str) -> None:
    import shlex

    from plugins.content_check import ContentError

    try:
        errors = [problem for problem in check_content(content, settings, now) if problem.is_error]
    except ContentError as error:
        raise BuildError(str(error)) from None
    if errors:
        listing = "\n".join(problem.render(Path.cwd()) for problem in errors)
        raise BuildError(
            f"{listing}\n{len(errors)} content problem(s) as of {now}: nothing was built and the previous output"
            " is unchanged. Fix them as described above"
            f" (`invoke check --now {shlex.quote(now)}` checks without building)."
        )


def resolve_now(settings: Path, now: str | None = None, epoch: str | None = None) -> str:
    """The moment a build is made for, worked out once: `now` if given; else `epoch` (a production
    build: SOURCE_DATE_EPOCH or the last commit's time, so a commit always gives the same site); else the clock.

    An ISO 8601 time; without an offset it is the local time of the site's TIMEZONE (as `--now` is written).
    """
    if now:
        return now
    from pelican.settings import read_settings

    zone = ZoneInfo(read_settings(str(settings)).get("TIMEZONE") or "UTC")
    moment = datetime.fromtimestamp(int(epoch), zone) if epoch else datetime.now(zone).replace(microsecond=0)
    return moment.isoformat()


def _build_settings_arguments(now: str, epoch: str | None) -> list[str]:
    """Pelican arguments that give the build its "now" and source date (last: `-e` takes every value after it).

    Plugins read these settings, never the environment: plugins/content_check and plugins/events
    BUILD_NOW, plugins/production SOURCE_DATE_EPOCH (security.txt, file times).
    """
    values = [f"BUILD_NOW={json.dumps(now)}"]
    if epoch is not None:
        values.append(f"SOURCE_DATE_EPOCH={int(epoch)}")
    return ["-e", *values]


@task(
    help={
        "content": "content folder (default: content)",
        "format": "text (default), or github for GitHub Actions annotations",
        "now": "check as of this moment, e.g. 2022-09-01T00:00 (default: the clock)",
    }
)
def check(c, content="content", format="text", now=None):
    """Check all content without building: every problem as file:line: what is wrong — how to fix it."""
    from plugins.content_check import ContentError, content_files

    if format not in ("text", "github"):
        _fail(f"unknown format {format!r} — use --format text or --format github")
    try:
        problems = check_content(ROOT / content, now=now)
    except ContentError as error:
        _fail(str(error))
    for problem in problems:
        print(problem.github(Path.cwd()) if format == "github" else problem.render(Path.cwd()))
    errors = [problem for problem in problems if problem.is_error]
    checked = len(content_files(ROOT / content, _content_settings(ROOT / content))[0])
    notes = len(problems) - len(errors)
    noted = f" ({notes} note{'s' if notes != 1 else ''})" if notes else ""
    if errors:
        files = len({problem.path for problem in errors})
        print(
            f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in {files} file{'s' if files != 1 else ''}"
            f"{noted}; {checked} content files checked."
        )
        sys.exit(1)
    print(f"No problems in {checked} content files{noted}.")


@task(
    help={
        "title": "the title in the original language, in quotes",
        "page": "a page (content/pages) instead of a news article",
        "category": "the article's category in either language, e.g. Evenemang (default: the first, Nyheter)",
        "lang": "the language of the original (default: sv); the other languages get translation drafts",
        "content": "content folder (default: content)",
    }
)
def new(c, title, page=False, category=None, lang=None, content="content"):
    """Start a new article (or --page) in Swedish and Finnish as paired drafts: invoke new "Rubrik"."""
    from plugins.content_check import ScaffoldError, build_now, new_item

    config = _content_settings(ROOT / content)
    try:
        paths = new_item(
            Path(config["PATH"]), config, title, build_now(config), page=page, category=category, lang=lang
        )
    except ScaffoldError as error:
        _fail(str(error))
    original, *others = paths
    print(f"Created {len(paths)} drafts of a new {'page' if page else 'article'}:")
    print(f"  {_shown(original)}  the original: write the summary and the text")
    for path in others:
        print(f"  {_shown(path)}  the translation: translate the title, slug, summary and text")
    print(
        "Replace every TODO before publishing. Preview with `make serve`, check with `invoke check`.\n"
        f"When a translation is done, run `invoke translated {_shown(others[0]) if others else '<file>'}`;"
        " then set `Status: published` in both files."
    )


@task(
    help={
        "format": "text (default) or json",
        "content": "content folder (default: content)",
        "diff": "also show, word by word, what changed in each original since its translation was made",
    }
)
def translations(c, format="text", content="content", diff=False):
    """List articles and pages without a translation, and translations older than their original."""
    from plugins.content_check import render_changes, render_json, render_text, translation_report

    if format not in ("text", "json"):
        _fail(f"unknown format {format!r} — use --format text or --format json")
    items = translation_report(ROOT / content, _content_settings(ROOT / content))
    print(render_json(items, Path.cwd()) if format == "json" else render_text(items, Path.cwd()))
    if diff:
        print(render_changes(items, Path.cwd()))


@task(
    help={
        "file": "the translated file, e.g. content/articles/2022-09-15-x.fi.md",
        "content": "content folder (default: content)",
    }
)
def translated(c, file, content="content"):
    """Record that a translation matches the current text of its original (writes Original_hash)."""
    from plugins.content_check import MarkError, mark_translated

    path = Path(file) if Path(file).is_absolute() else Path.cwd() / file
    try:
        digest = mark_translated(path, ROOT / content, _content_settings(ROOT / content))
    except MarkError as error:
        _fail(str(error))
    print(f"{_shown(path)}: marked as translated from the current original (Original_hash: {digest}).")


# Production build and publishing (plugins/production, deploy/) ------------------------------------

PUBLISHCONF = ROOT / "publishconf.py"
ACTIVATE = ROOT / "deploy" / "activate.py"
# user@host:path (a colon before any slash) is a remote target, as for rsync and scp.
# A release as the web server (its own user) needs it: folders it can list, files it can read.
RELEASE_FOLDER_MODE, RELEASE_FILE_MODE = 0o755, 0o644
_REMOTE_TARGET = re.compile(r"^(?P<host>[^/:]+):(?P<path>.+)$")


def _is_production(settings: Path) -> bool:
    """Whether these settings make the production output (they enable plugins/production)."""
    from pelican.settings import read_settings

    return "production" in read_settings(str(settings))["PLUGINS"]


def source_date_epoch() -> str:
    """When the source last changed, in Unix time: SOURCE_DATE_EPOCH if set, else the last commit's time."""
    # The reproducible-builds.org convention: a build outside git (from a tarball) sets it by hand.
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value:
        if not value.isdigit():
            raise BuildError(
                f"SOURCE_DATE_EPOCH is {value!r}: write the time the source last changed as a Unix time"
                " (seconds, e.g. `git log -1 --format=%ct`), or unset it to take the last commit's time"
            )
        return value
    result = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=False
    )
    if result.returncode != 0 or not result.stdout.strip().isdigit():
        raise BuildError(
            f"{result.stderr.strip()}\nCannot tell when the source last changed (security.txt expires a year"
            " after it): build in a git checkout, or set SOURCE_DATE_EPOCH to a Unix time."
        )
    return result.stdout.strip()


def _publish_gates(site: Path, now: str | None = None) -> list[str]:
    """The commands that must pass on a build before it is deployed: the content check and the quality gates."""
    import shlex

    invoke = f"{sys.executable} -m invoke --search-root {ROOT}"
    check = f"{invoke} check" + (f" --now {shlex.quote(now)}" if now else "")
    return [check, f"{invoke} verify --site-dir {shlex.quote(str(site))}"]


def _release_id() -> str:
    """A new release's name: the UTC time of the deploy, and the commit when there is one."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short=10", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return f"{stamp}-{commit}" if commit else stamp


def _asset_manifest(site: Path) -> str:
    """The release's fingerprinted files, one site path a line: the next release keeps them reachable."""
    from plugins.production import is_fingerprinted

    paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and is_fingerprinted(p.name))
    return "".join(f"{path}\n" for path in paths)


def _deploy_local(site: Path, root: Path, release: str) -> None:
    """Copy the release beside the live one in `root`, then make it live with deploy/activate.py."""
    releases = root.resolve() / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    partial = releases / f".{release}.partial"
    shutil.copytree(site, partial)
    # Readable by the web server's own user, whatever the build's modes were (rsync --chmod does it remotely).
    for path in [partial, *partial.rglob("*")]:
        path.chmod(RELEASE_FOLDER_MODE if path.is_dir() else RELEASE_FILE_MODE)
    (releases / f"{release}.assets").write_text(_asset_manifest(site), encoding="utf-8")
    subprocess.run([sys.executable, str(ACTIVATE), str(root.resolve()), release], check=True)


def _deploy_remote(site: Path, host: str, path: str, release: str) -> None:
    """The same over ssh: rsync the release beside the live one, then run deploy/activate.py on the host."""
    import shlex

    ssh = ["ssh", "-o", "BatchMode=yes", host]
    releases = f"{path.rstrip('/')}/releases"
    subprocess.run([*ssh, f"mkdir -p {shlex.quote(releases)}"], check=True)
    # Files unchanged since the live release become hard links to it: only changes travel, and an unchanged
    # file keeps the time (Last-Modified, ETag) it was first published with. Compared by content, not by
    # size and time: every commit gives every file a new mtime (its own date), so times are not copied
    # (a file differing in time only would be copied, not linked). Modes readable by the web server's user.
    upload = [
        "rsync",
        "-a",
        "--no-times",
        "--checksum",
        f"--chmod=D{RELEASE_FOLDER_MODE:o},F{RELEASE_FILE_MODE:o}",
        "--delete",
        "--link-dest=../../current/",
    ]
    subprocess.run([*upload, f"{site}/", f"{host}:{releases}/.{release}.partial/"], check=True)
    manifest = shlex.quote(f"{releases}/{release}.assets")
    subprocess.run([*ssh, f"cat > {manifest}"], input=_asset_manifest(site), text=True, check=True)
    activate = f"python3 - {shlex.quote(path)} {shlex.quote(release)}"
    subprocess.run([*ssh, activate], input=ACTIVATE.read_text(encoding="utf-8"), text=True, check=True)


@task(
    help={
        "target": "where to deploy: a folder, or user@host:path over ssh and rsync",
        "reload": "a command to run after the switch, on the host for user@host:path"
        " (e.g. 'sudo -n systemctl reload nginx', which rereads the legacy redirects)",
        "now": "the moment the site is built for (e.g. 2026-11-28T02:17): what is upcoming, what is published;"
        " default: the last commit's time, so a build is reproducible",
    }
)
def publish(c, target, reload="", now=None):
    """Build with publishconf.py, run `check` and `verify` on that build, and deploy it atomically if all pass."""
    with tempfile.TemporaryDirectory(prefix="batteryregion-publish-") as tmp:
        site = Path(tmp) / "site"
        try:
            # One "now" for the build and the `check` gate: the same content passes both or neither.
            now = resolve_now(PUBLISHCONF, now, source_date_epoch())
            run_build(output=site, settings=PUBLISHCONF, now=now)
        except BuildError as error:
            _fail(f"{error}\nNothing was deployed.")
        for gate in _publish_gates(site, now):
            print(f"Running: {gate}")
            if not c.run(gate, warn=True, pty=False).ok:
                _fail(f"`{gate}` failed: nothing was deployed, {target} serves what it served before.")
        release = _release_id()
        remote = _REMOTE_TARGET.match(target)
        if remote:
            _deploy_remote(site, remote["host"], remote["path"], release)
        else:
            _deploy_local(site, Path(target), release)
    if reload:
        # On the host for user@host:path: the command runs where the server is.
        command = ["ssh", "-o", "BatchMode=yes", remote["host"], reload] if remote else ["sh", "-c", reload]
        subprocess.run(command, check=True)
    print(f"Published release {release} to {target}.")


@task(
    help={
        "site_dir": "gate this built site folder (default: build the real site into a temporary folder)",
        "fixture_dir": "gate this built fixture corpus too (default: built when --site-dir is not given)",
    }
)
def verify(c, site_dir=None, fixture_dir=None):
    """Run the quality gates (HTML, links, accessibility, layout, privacy, budgets, Lighthouse) on a build."""
    command = [sys.executable, "-m", "pytest", str(ROOT / "tests" / "gates"), "-q"]
    if site_dir:
        command.append(f"--site-dir={Path(site_dir).resolve()}")
    if fixture_dir:
        command.append(f"--fixture-dir={Path(fixture_dir).resolve()}")
    exit_code = subprocess.run(command, cwd=ROOT, check=False).returncode
    if exit_code:
        sys.exit(exit_code)


@task(help={"repeat": "builds per measurement (default 3)"})
def bench(c, repeat=3):
    """Time builds of the real site and of the corpus scaled up (reported, never asserted)."""
    from bench.build_bench import main

    main(repeat=int(repeat))
