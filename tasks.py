"""Every command a person runs on this project: `invoke --list` documents them.

Each task parses its options, calls one function of `sitebuild`, and reports.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from invoke import task

from sitebuild import PUBLISHCONF, ROOT, BuildError, shown

# The content tools read the site's languages, categories and addresses from the settings: another settings file
# (another set of languages) is checked, started and tracked the same way.
SETTINGS_HELP = "the settings file whose LANGUAGES and CATEGORIES apply (default: pelicanconf.py)"


def _fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(1)


@task
def catalogs(c):
    """Update the interface catalogs (.pot and every language's .po) from the templates, plugins and settings."""
    from sitebuild.catalogs import update_catalogs

    update_catalogs()
    print("Catalogs updated: translate the new entries in every language's catalog, then build.")


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
    from sitebuild.build import run_build

    settings = PUBLISHCONF if production else ROOT / "pelicanconf.py"
    try:
        run_build(ROOT / content, ROOT / output, settings, now=now)
    except BuildError as error:
        _fail(str(error))


@task(help={"port": "the port on 127.0.0.1 (default 8000)"})
def serve(c, port=8000):
    """Build, serve on http://127.0.0.1:8000/, rebuild on every change and reload the open page."""
    from sitebuild.devserver import serve as serve_site

    serve_site(port=int(port))


@task
def lint(c):
    """Check the Python code with ruff (lint and format)."""
    c.run(f"{sys.executable} -m ruff check .", pty=False)
    c.run(f"{sys.executable} -m ruff format --check .", pty=False)


# Days after the last commit at which the suite must pass too: tomorrow, next month, in two years.
LATER_DAYS = [1, 31, 730]


@task(
    pre=[lint],
    help={
        "quick": "only the tests that build nothing, start no browser and no nginx, once (the fast loop while you work)"
    },
)
def test(c, quick=False):
    """Run the whole test suite: lint, all tests, then those without a browser at later dates (faketime)."""
    from sitebuild.now import moments_after_source

    pytest = f"{sys.executable} -m pytest -q tests"
    if quick:
        # The tiers are pytest markers (tests/conftest.py, tests/README.md).
        c.run(f'{pytest} -m "not build and not browser and not nginx"', pty=False)
        return
    c.run(pytest, pty=False)
    # Nothing may depend on the day the suite runs (CI runs it every night): the clock moved on, with
    # faketime (ticking from an absolute time). Chromium does not run under faketime.
    for moment in moments_after_source(LATER_DAYS):
        print(f"The tests without a browser again, with the clock at {moment} UTC:")
        c.run(f'faketime -f "@{moment}" {pytest} -m "not browser"', env={"TZ": "UTC"}, pty=False)


@task(
    help={
        "content": "content folder (default: content)",
        "format": "text (default), or github for GitHub Actions annotations",
        "now": "check as of this moment, e.g. 2022-09-01T00:00 (default: the clock)",
        "settings": SETTINGS_HELP,
    }
)
def check(c, content="content", format="text", now=None, settings="pelicanconf.py"):
    """Check all content without building: every problem as file:line: what is wrong — how to fix it."""
    from sitebuild.validate import run_check

    try:
        status = run_check(ROOT / content, format, now, settings=ROOT / settings)
    except BuildError as error:
        _fail(str(error))
    if status:
        sys.exit(status)


@task(
    help={
        "title": "the title in the original language, in quotes",
        "page": "a page (content/pages) instead of a news article",
        "category": "the article's category in either language, e.g. Evenemang (default: the first, Nyheter)",
        "lang": "the language of the original (default: the main one, sv); every other language gets a translation draft",
        "content": "content folder (default: content)",
        "settings": SETTINGS_HELP,
    }
)
def new(c, title, page=False, category=None, lang=None, content="content", settings="pelicanconf.py"):
    """Start a new article (or --page) in every language as paired drafts: invoke new "Rubrik"."""
    from sitebuild.editors.new_item import new_item

    try:
        paths = new_item(ROOT / content, title, page=page, category=category, lang=lang, settings_file=ROOT / settings)
    except BuildError as error:
        _fail(str(error))
    original, *others = paths
    print(f"Created {len(paths)} drafts of a new {'page' if page else 'article'}:")
    print(f"  {shown(original)}  the original: write the summary and the text")
    for path in others:
        print(f"  {shown(path)}  the translation: translate the title, slug, summary and text")
    print(
        "Replace every TODO before publishing. Preview with `make serve`, check with `invoke check`.\n"
        f"When a translation is done, run `invoke translated {shown(others[0]) if others else '<file>'}`;"
        " then set `Status: published` in both files."
    )


@task(
    help={
        "format": "text (default) or json",
        "content": "content folder (default: content)",
        "diff": "also show, word by word, what changed in each original since its translation was made",
        "settings": SETTINGS_HELP,
    }
)
def translations(c, format="text", content="content", diff=False, settings="pelicanconf.py"):
    """List articles and pages without a translation, and translations older than their original."""
    from sitebuild.editors.translation_status import translation_status

    try:
        print(translation_status(ROOT / content, format, diff, settings_file=ROOT / settings))
    except BuildError as error:
        _fail(str(error))


@task(
    help={
        "file": "the translated file, e.g. content/articles/2022-09-15-x.fi.md",
        "content": "content folder (default: content)",
        "settings": SETTINGS_HELP,
    }
)
def translated(c, file, content="content", settings="pelicanconf.py"):
    """Record that a translation matches the current text of its original (writes Original_hash)."""
    from sitebuild.editors.translation_status import mark_translated

    path = Path(file) if Path(file).is_absolute() else Path.cwd() / file
    try:
        digest = mark_translated(path, ROOT / content, settings_file=ROOT / settings)
    except BuildError as error:
        _fail(str(error))
    print(f"{shown(path)}: marked as translated from the current original (Original_hash: {digest}).")


@task(
    help={
        "export": "the WordPress export (Tools → Export → All content), e.g. batteryregion.WordPress.2023-11-30.xml",
        "uploads": "a copy of the old site's wp-content/uploads folder",
        "dry_run": "write nothing; print the report of what would be written",
        "drafts": "import WordPress drafts too (as drafts)",
        "replace": "take the WordPress version of items already in content/ (default: skip and list them)",
        "force": "overwrite files an editor changed since the last import",
        "format": "text (default) or json",
        "wpml_table": "WPML only: its icl_translations table as CSV or SQL dump (pairs translations for sure)",
        "content": "content folder (default: content)",
        "now": "import as of this moment, e.g. 2024-01-01T12:00 (default: the clock): what is published",
    }
)
def import_wordpress(
    c,
    export,
    uploads,
    dry_run=False,
    drafts=False,
    replace=False,
    force=False,
    format="text",
    wpml_table=None,
    content="content",
    now=None,
):
    """Import the old WordPress site (export and uploads) into content/, keeping every old address: docs/migration.md."""
    from sitebuild.wordpress import Options, WordPressImportError
    from sitebuild.wordpress import import_wordpress as run_import

    if format not in ("text", "json"):
        _fail(f"unknown format {format!r} — use --format text or --format json")
    options = Options(
        drafts=drafts,
        replace=replace,
        force=force,
        dry_run=dry_run,
        wpml_table=Path(wpml_table) if wpml_table else None,
        now=now,
    )
    try:
        report = run_import(Path(export), Path(uploads), ROOT / content, options)
    except WordPressImportError as error:
        _fail(str(error))
    print(report.render_json() if format == "json" else report.render_text())


@task(
    help={
        "target": "where to deploy: a folder, or user@host:path over ssh and rsync",
        "reload": "a command to run after the switch, on the host for user@host:path"
        " (e.g. 'sudo -n systemctl reload nginx', which rereads the legacy redirects)",
        "now": "the moment the site is built for (e.g. 2026-11-28T02:17): what is upcoming, what is published;"
        " default: the last commit's time, so a build is reproducible",
        "check_config": "a command that tests the web server's configuration against the new release before the"
        " switch, on the host for user@host:path (e.g. 'sudo -n /usr/sbin/nginx -t -q -c"
        " /etc/nginx/batteryregion-check.conf', see docs/hosting.md); if it fails, nothing is switched",
    }
)
def publish(c, target, reload="", now=None, check_config=""):
    """Build with publishconf.py, run `check` and `verify` on that build, and deploy it atomically if all pass."""
    from sitebuild.deploy import PublishError
    from sitebuild.deploy import publish as publish_site

    try:
        published = publish_site(target, reload, now, check_config)
    except PublishError as error:
        _fail(str(error))
    print(f"Published release {published.release} to {target}, built for {published.now}.")
    for note in published.notes:
        print(f"note: {note}")


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


@task(
    help={
        "pairs": "Swedish–Finnish pairs in the generated corpus (default 200; the reference figures use 2000)",
        "runs": "runs of each build per stack, for medians and ranges (default 3)",
    }
)
def bench(c, pairs=200, runs=3):
    """Benchmark the build against plain Pelican + i18n_subsites on a generated corpus; writes bench/results.json."""
    from bench.harness import BenchError, run_benchmark, summary

    try:
        figures = run_benchmark(int(pairs), int(runs))
    except BenchError as error:
        _fail(str(error))
    print(summary(figures))
