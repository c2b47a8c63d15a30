"""Settings quoted in content: `{setting:ACCESS_LOG_RETENTION_DAYS}` in a text becomes that setting's value.

A fact the configuration decides (how many days the web host keeps its access logs) is written once, in
pelicanconf.py, and every page that states it follows. Write the placeholder inside a sentence, not alone on a
line (Markdown's attribute lists would take a line of its own for attributes). Hooks `content_object_init`;
a name that is not a setting with a plain value fails the build, naming the file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

from pelican import signals

PLACEHOLDER = re.compile(r"\{setting:([A-Z][A-Z0-9_]*)\}")


class ContentSettingError(ValueError):
    """A placeholder names no setting that can be quoted."""


def _line_of(source: str | None, placeholder: str) -> str:
    if not source or not Path(source).is_file():
        return str(source or "(unknown file)")
    for number, line in enumerate(Path(source).read_text(encoding="utf-8").splitlines(), start=1):
        if placeholder in line:
            return f"{source}:{number}"
    return source


def fill(html: str, settings: dict, source: str | None = None) -> str:
    """Replace every `{setting:NAME}` in `html` with the value of NAME."""

    def value(match: re.Match) -> str:
        found = settings.get(match.group(1))
        if isinstance(found, bool) or not isinstance(found, (str, int, float)):
            raise ContentSettingError(
                f"{_line_of(source, match.group(0))}: {match.group(0)} names no setting with a plain value —"
                f" define {match.group(1)} in pelicanconf.py or correct the name"
            )
        return str(found)

    return PLACEHOLDER.sub(value, html)


def fill_content(instance) -> None:
    if instance._content:
        instance._content = fill(instance._content, instance.settings, instance.source_path)


def register() -> None:
    signals.content_object_init.connect(fill_content)
