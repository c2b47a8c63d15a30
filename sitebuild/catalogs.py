"""Interface catalogs: extract the strings of templates and plugins, check them, compile them.

A build fails on a stale `.pot`, a catalog missing or missing an entry, an untranslated or fuzzy entry, or
template text left outside gettext. The catalogs are those of the languages of the settings (LANGUAGES), but the
templates' own language (I18N_TEMPLATES_LANG, English: its msgids are its text), in the settings' catalog folder
(I18N_GETTEXT_LOCALEDIR, else the theme's translations/).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from . import PELICANCONF, PLUGINS, ROOT, THEME, shown

# Names that are the same in every language and may stand as literal template text (the partners' names come
# from the PARTNERS setting, through the catalogs).
_UNTRANSLATED_NAMES = {"Battery Region", "Interreg Nord"}


def site_settings(settings: dict | None = None) -> dict:
    """The settings given, or the site's own (pelicanconf.py)."""
    if settings is not None:
        return settings
    from pelican.settings import read_settings

    return read_settings(str(PELICANCONF))


def catalog_languages(settings: dict) -> list[str]:
    """The languages that need a catalog: every language of LANGUAGES but the one the templates are written in."""
    return [lang for lang in settings["LANGUAGES"] if lang != settings.get("I18N_TEMPLATES_LANG")]


def catalog_folder(settings: dict) -> Path:
    """Where the settings' catalogs are: I18N_GETTEXT_LOCALEDIR (as pelican-i18n-subsites reads it), else the theme's."""
    return Path(settings.get("I18N_GETTEXT_LOCALEDIR") or Path(settings["THEME"]) / "translations")


def settings_sources(settings: dict) -> list[Path]:
    """The settings files whose `N_` texts the catalogs hold: pelicanconf.py, and any a settings file adds
    (CATALOG_SETTINGS_FILES: a settings file that adds languages names itself there)."""
    return [PELICANCONF, *(Path(path) for path in settings.get("CATALOG_SETTINGS_FILES", []))]


def extract_messages(
    target: Path, theme: Path = THEME, plugins: Path = PLUGINS, sources: list[Path] | None = None
) -> None:
    """Extract the interface strings of the templates, the plugins (.ics texts) and the settings (texts marked
    `N_`, such as each language's sentences in LANGUAGES) into a .pot file with pybabel."""
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
            "--keyword",
            "N_",
            "-F",
            str(theme / "babel.cfg"),
            "-o",
            str(target),
            str(theme / "templates"),
            str(plugins),
            *(str(source) for source in sources or [PELICANCONF]),
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )


def _msgids(path: Path) -> set[str]:
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {message.id if isinstance(message.id, str) else message.id[0] for message in catalog if message.id}


def check_catalogs(theme: Path = THEME, plugins: Path = PLUGINS, settings: dict | None = None) -> list[str]:
    """Return every problem with the catalogs of the settings' languages (stale .pot, missing, untranslated or
    fuzzy entries, text outside gettext)."""
    settings = site_settings(settings)
    catalog_dir = theme / "translations" if theme != THEME else catalog_folder(settings)
    pot_file = catalog_dir / "messages.pot"
    from babel.messages.pofile import read_po

    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "messages.pot"
        extract_messages(fresh, theme, plugins, settings_sources(settings))
        new, committed = _msgids(fresh), _msgids(pot_file) if pot_file.exists() else set()
        for msgid in sorted(new - committed):
            problems.append(
                f"{shown(pot_file)}: interface string {msgid!r} is missing"
                " — run `invoke catalogs` and translate it in both .po files"
            )
        for msgid in sorted(committed - new):
            problems.append(
                f"{shown(pot_file)}: {msgid!r} is no longer used in the templates or plugins"
                " — run `invoke catalogs` to update the catalogs"
            )
    for lang in catalog_languages(settings):
        po_path = catalog_dir / lang / "LC_MESSAGES" / "messages.po"
        rel = shown(po_path)
        name = settings["LANGUAGES"][lang].get("name", lang)
        if not po_path.exists():
            problems.append(
                f'{rel}: LANGUAGES["{lang}"] ({name}) has no interface catalog'
                f" — run `invoke catalogs` to create it, then translate every entry into {name}"
            )
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        for msgid in sorted(
            new - {message.id if isinstance(message.id, str) else message.id[0] for message in catalog}
        ):
            problems.append(f"{rel}: {msgid!r} is missing — run `invoke catalogs` and translate it into {name}")
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
            f"{shown(template)}:{line}: text {text!r} is outside gettext"
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


def compile_catalogs(settings: dict | None = None) -> None:
    """Compile the settings' .po catalogs into the .mo files the build loads."""
    settings = site_settings(settings)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for lang in catalog_languages(settings):
        po_path = catalog_folder(settings) / lang / "LC_MESSAGES" / "messages.po"
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        with po_path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)


def update_catalogs(settings: dict | None = None) -> None:
    """Extract the strings into the settings' .pot and merge them into each of their languages' .po (pybabel init
    or update)."""
    settings = site_settings(settings)
    catalog_dir = catalog_folder(settings)
    pot_file = catalog_dir / "messages.pot"
    extract_messages(pot_file, sources=settings_sources(settings))
    for lang in catalog_languages(settings):
        po_path = catalog_dir / lang / "LC_MESSAGES" / "messages.po"
        verb = "update" if po_path.exists() else "init"
        command = [sys.executable, "-m", "babel.messages.frontend", verb, "--no-wrap", "-D", "messages"]
        command += ["-i", str(pot_file), "-d", str(catalog_dir), "-l", lang]
        subprocess.run([*command, *(["--ignore-obsolete"] if verb == "update" else [])], check=True)
