"""The build refuses to hide problems: Pelican warnings, and interface catalogs that are not complete."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sitebuild
import sitebuild.catalogs
from tests import corpus

ROOT = Path(__file__).resolve().parent.parent


def run_pelican_process(content: Path, output: Path) -> subprocess.CompletedProcess:
    """The Pelican step of the build alone (the content checks run before it in a real build).

    Pelican's own reaction to bad content is under test here: the content check's plugin gives way to
    tests.support.markup_guard, its last line of defence without the check of all content before the build.
    """
    from pelican.settings import read_settings

    plugins = [
        "tests.support.markup_guard" if name == "plugins.content_check" else name
        for name in read_settings(str(sitebuild.PELICANCONF))["PLUGINS"]
    ]
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from sitebuild.pelican_run import pelican_process; sys.exit(pelican_process(sys.argv[1:]))",
            str(content),
            "--settings",
            str(ROOT / "pelicanconf.py"),
            "--output",
            str(output),
            "-e",
            f"PLUGINS={json.dumps(plugins)}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_pelican_warning_fails_the_build_and_is_shown(tmp_path):
    sitebuild.catalogs.compile_catalogs()
    content = corpus.generate(tmp_path / "content")
    article = content / "articles" / "par-1.sv.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nSe [sidan]({filename}../pages/finns-inte.sv.md).\n", encoding="utf-8"
    )
    result = run_pelican_process(content, tmp_path / "out")
    assert result.returncode == 1
    assert "warning: Unable to find '../pages/finns-inte.sv.md'" in result.stderr
    assert "Pelican reported 1 problem(s)" in result.stderr


def test_an_unreadable_article_fails_the_build_instead_of_disappearing(tmp_path):
    sitebuild.catalogs.compile_catalogs()
    content = corpus.generate(tmp_path / "content")
    (content / "articles" / "trasig.sv.md").write_text("Title: Trasig\nDate: inte ett datum\n\nText.\n")
    result = run_pelican_process(content, tmp_path / "out")
    assert result.returncode == 1
    assert "trasig.sv.md" in result.stderr


def test_the_clean_corpus_builds_without_problems(tmp_path):
    sitebuild.catalogs.compile_catalogs()
    result = run_pelican_process(corpus.generate(tmp_path / "content"), tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


@pytest.fixture
def theme(tmp_path) -> Path:
    """A copy of the theme whose templates and catalogs a test may break."""
    copy = tmp_path / "theme"
    shutil.copytree(sitebuild.THEME, copy, ignore=shutil.ignore_patterns("*.mo", "static"))
    return copy


def test_the_committed_catalogs_are_complete():
    assert sitebuild.catalogs.check_catalogs() == []


def test_template_text_outside_gettext_is_refused(theme):
    page = theme / "templates" / "page.html"
    page.write_text(page.read_text().replace("{% block content %}", "{% block content %}\n<p>Hej världen</p>"))
    problems = sitebuild.catalogs.check_catalogs(theme)
    assert any("page.html:" in p and "'Hej världen' is outside gettext" in p for p in problems), problems


def test_a_literal_aria_label_is_refused(theme):
    page = theme / "templates" / "page.html"
    page.write_text(page.read_text().replace("<article ", '<article aria-label="Artikel" '))
    problems = sitebuild.catalogs.check_catalogs(theme)
    assert any("'Artikel' is outside gettext" in p for p in problems), problems


def test_a_new_string_missing_from_the_pot_is_refused(theme):
    page = theme / "templates" / "page.html"
    page.write_text(page.read_text().replace("{% block content %}", "{% block content %}{{ _('Brand new') }}"))
    problems = sitebuild.catalogs.check_catalogs(theme)
    assert any("'Brand new' is missing" in p and "invoke catalogs" in p for p in problems), problems


def test_an_untranslated_entry_is_refused(theme):
    po = theme / "translations" / "fi" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text().replace('msgstr "Hanke on päättynyt."', 'msgstr ""'))
    problems = sitebuild.catalogs.check_catalogs(theme)
    assert any("fi/LC_MESSAGES/messages.po:" in p and "has no translation" in p for p in problems), problems


def test_a_fuzzy_entry_is_refused(theme):
    po = theme / "translations" / "sv" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text().replace('msgid "The project has ended."', '#, fuzzy\nmsgid "The project has ended."'))
    problems = sitebuild.catalogs.check_catalogs(theme)
    assert any("'The project has ended.' is marked fuzzy" in p for p in problems), problems


def test_a_plugin_string_missing_from_the_pot_is_refused(tmp_path):
    """Texts a plugin writes itself (the .ics files) are extracted too, not only the templates'."""
    plugins = tmp_path / "plugins"
    shutil.copytree(sitebuild.PLUGINS, plugins, ignore=shutil.ignore_patterns("__pycache__"))
    ics = plugins / "events" / "ics.py"
    ics.write_text(ics.read_text().replace('_("Online")', '_("Online only")'))
    problems = sitebuild.catalogs.check_catalogs(plugins=plugins)
    assert any("'Online only' is missing" in p and "invoke catalogs" in p for p in problems), problems


def test_an_error_that_stops_pelican_is_listed_once(tmp_path):
    """The content check raising inside Pelican: its listing appears once, not again as the exception's text."""
    sitebuild.catalogs.compile_catalogs()
    content = corpus.generate(tmp_path / "content")
    (content / "articles" / "trasig.sv.md").write_text("Title: Trasig\nDate: inte ett datum\n\nText.\n")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from sitebuild.pelican_run import pelican_process; sys.exit(pelican_process(sys.argv[1:]))",
            str(content),
            "--settings",
            str(ROOT / "pelicanconf.py"),
            "--output",
            str(tmp_path / "out"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.count("trasig.sv.md:2: Date 'inte ett datum' is not written as YYYY-MM-DD HH:MM") == 1
    assert "Pelican reported 1 problem(s)" in result.stderr
