"""Interface catalogs (sitebuild/catalogs.py): every template and plugin string extracted and translated, nothing
fuzzy, no text outside gettext; a build refuses catalogs that are not complete."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import sitebuild
import sitebuild.catalogs


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
