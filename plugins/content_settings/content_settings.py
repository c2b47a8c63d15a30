"""Settings quoted in content: `{setting:ACCESS_LOG_RETENTION_DAYS}` in a text becomes that setting's value.

A fact the configuration decides (how many days the web host keeps its access logs) is written once, in
pelicanconf.py, and every page that states it follows. Write the placeholder inside a sentence, not alone on a
line (Markdown's attribute lists would take a line of its own for attributes). A name that is not a setting
with a plain value fails the build, naming the file and line; so does an owner fact that is not set yet, outside
an element that is shown only when it is set (owner_facts).
"""

from __future__ import annotations

import html as html_text
import re
from pathlib import Path

PLACEHOLDER = re.compile(r"\{setting:([A-Z][A-Z0-9_]*)\}")


class ContentSettingError(ValueError):
    """Content quotes a setting that cannot be quoted as written."""


def line_of(source: str | None, needle: str) -> str:
    """`file:line` of the first line of `source` that holds `needle` (the file alone if none does)."""
    if not source or not Path(source).is_file():
        return str(source or "(unknown file)")
    for number, line in enumerate(Path(source).read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return f"{source}:{number}"
    return source


def fill(html: str, settings: dict, source: str | None = None) -> str:
    """Replace every `{setting:NAME}` in `html` with the value of NAME, escaped for HTML."""

    def value(match: re.Match) -> str:
        name = match.group(1)
        found = settings.get(name)
        if found is None and name in settings:
            raise ContentSettingError(
                f"{line_of(source, match.group(0))}: {match.group(0)} is not set yet (None in pelicanconf.py) — quote it only in an element"
                f' marked {{: data-when="{name} is set" }}, and say what shows meanwhile in one marked'
                f' {{: data-when="{name} is unset" }}'
            )
        if isinstance(found, bool) or not isinstance(found, (str, int, float)):
            raise ContentSettingError(
                f"{line_of(source, match.group(0))}: {match.group(0)} names no setting with a plain value —"
                f" define {name} in pelicanconf.py or correct the name"
            )
        return html_text.escape(str(found))

    return PLACEHOLDER.sub(value, html)
