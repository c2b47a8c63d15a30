"""Helpers several plugins need, written once: not a plugin itself (no `register`, no signal)."""

from __future__ import annotations

import gettext
from pathlib import Path

from markupsafe import Markup


def is_main_site(settings: dict) -> bool:
    """Whether `settings` are the main site's, not an i18n subsite's (a subsite has its language as DEFAULT_LANG)."""
    return settings.get("DEFAULT_LANG") not in settings.get("I18N_SUBSITES", {})


def catalog(settings: dict, lang: str) -> gettext.NullTranslations:
    """The theme's interface catalog of `lang` (the language the templates are written in needs none)."""
    if lang == settings.get("I18N_TEMPLATES_LANG"):
        return gettext.NullTranslations()
    localedir = settings.get("I18N_GETTEXT_LOCALEDIR") or str(Path(settings["THEME"]) / "translations")
    return gettext.translation(settings.get("I18N_GETTEXT_DOMAIN", "messages"), localedir, [lang])


def plain(value: str | None) -> str:
    """Metadata (a title, a summary) as plain text: tags removed, entities decoded."""
    return Markup(value or "").striptags()


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as the person running the command sees it: relative to `root` (default: the current folder)
    when it is inside it, else as given."""
    path = Path(path)
    base = Path.cwd() if root is None else Path(root)
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
