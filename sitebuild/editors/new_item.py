"""`invoke new`: a new article or page, one draft per language paired by Key, made from the archetypes.

The archetypes are Markdown files an editor can read and change (archetypes/README.md): the original's language
gets `original.<lang>.md` with the editor's title, every other language `translation.<lang>.md` with placeholders
and `Original:`, so that publishing an untranslated or unmarked translation is refused by the check. An article in
the events category also gets the event's fields (`event.md`, then `event.<lang>.md`). This module only fills in
their fields and writes the files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from plugins.common import display_path
from plugins.content_check.content_index import load_index, slug_for
from plugins.content_check.document import parse_document
from plugins.content_check.event_fields import events_category
from plugins.content_check.problem import ContentError, language_name
from plugins.schedule import build_now

from .. import PELICANCONF, BuildError, shown
from ..validate import content_settings

ARCHETYPES = Path(__file__).resolve().parent / "archetypes"
# The archetypes of each language (<kind>.<code>.md), and the event's times, the same in every language.
LANGUAGE_ARCHETYPES = ("original", "translation", "event")
EVENT_TIMES = "event.md"
# The fields `new_item` fills in; a line with a field that has no value here is left out (a page's Date).
_FIELD = re.compile(r"\{(title|slug|date|key|category|original|source)\}")


class ScaffoldError(BuildError):
    """The files cannot be created; the message says why and what to do."""


@dataclass(frozen=True)
class Archetype:
    """An archetype file: its metadata lines and the text below them."""

    path: Path
    header: list[str]
    body: str


def read_archetype(path: Path) -> Archetype:
    header, _blank, body = path.read_text(encoding="utf-8").partition("\n\n")
    return Archetype(path, [line for line in header.splitlines() if line.strip()], body.strip("\n"))


def find_category(settings: dict, name: str | None) -> dict[str, str] | None:
    """The category entry (every language's name) matching `name` in any language; the first one by default."""
    categories = settings.get("CATEGORIES", [])
    if name is None:
        return categories[0] if categories else None
    for entry in categories:
        if any(value.lower() == name.lower() for value in entry.values()):
            return entry
    names = ", ".join(" / ".join(entry.values()) for entry in categories)
    raise ScaffoldError(f"there is no category {name!r} — choose one of {names}")


def language_archetypes(languages: list[str], folder: Path | None = None) -> dict[tuple[str, str], Archetype]:
    """Every language's archetypes by (kind, language), and the event's times as ("event", ""); a language
    without its archetypes is refused, naming the files to add."""
    folder = folder or ARCHETYPES
    missing = [
        (code, folder / f"{kind}.{code}.md")
        for code in languages
        for kind in LANGUAGE_ARCHETYPES
        if not (folder / f"{kind}.{code}.md").is_file()
    ]
    if missing:
        listing = "; ".join(f"{language_name(code)} ({code}) has no {shown(path)}" for code, path in missing)
        raise ScaffoldError(
            f"{listing} — add the archetypes of every language in LANGUAGES: copy the Swedish ones and write"
            f" their words in that language, with its own `Lang:` ({shown(folder / 'README.md')})"
        )
    if not (folder / EVENT_TIMES).is_file():
        raise ScaffoldError(
            f"{shown(folder / EVENT_TIMES)} is missing — restore it from git (`git checkout -- {shown(folder / EVENT_TIMES)}`)"
        )
    found = {
        (kind, code): read_archetype(folder / f"{kind}.{code}.md") for code in languages for kind in LANGUAGE_ARCHETYPES
    }
    found["event", ""] = read_archetype(folder / EVENT_TIMES)
    return found


def fill(lines: list[str], values: dict[str, str | None]) -> list[str]:
    """The lines with their fields filled in; a line with a field that has no value is left out."""
    filled = []
    for line in lines:
        if any(values.get(name) is None for name in _FIELD.findall(line)):
            continue
        filled.append(_FIELD.sub(lambda match: values[match.group(1)], line))
    return filled


def new_item(
    content: Path,
    title: str,
    *,
    page: bool = False,
    category: str | None = None,
    lang: str | None = None,
    now: datetime | None = None,
    settings_file: Path = PELICANCONF,
) -> list[Path]:
    """Write the files of a new article (or page) in every language; return their paths, original first.

    Dated `now` (default: the clock, in the site's time zone).
    """
    settings = content_settings(content, settings_file)
    content_dir = Path(settings["PATH"])
    now = now or build_now(settings)
    languages = list(settings.get("LANGUAGES") or [settings["DEFAULT_LANG"]])
    original = lang or settings["DEFAULT_LANG"]
    if original not in languages:
        raise ScaffoldError(f"{original!r} is not a language of this site — use {' or '.join(languages)}")
    title = " ".join(title.split())
    slug = slug_for(title, settings)
    if not title:
        raise ScaffoldError('the title is empty — write it in quotes: invoke new "Rubrik på svenska"')
    if not slug:
        raise ScaffoldError(
            f"the title {title!r} has no letters or digits to make an address from"
            ' — write a title with words, in quotes: invoke new "Rubrik på svenska"'
        )
    archetypes = language_archetypes(languages)
    entry = None if page else find_category(settings, category)
    unnamed = [code for code in languages if entry is not None and not entry.get(code)]
    if unnamed:
        raise ScaffoldError(
            f"the category {' / '.join(entry.values())} has no {language_name(unnamed[0])} name"
            " — add it to CATEGORIES in the settings (pelicanconf.py)"
        )
    folder = (
        content_dir
        / (settings.get("PAGE_PATHS", ["pages"]) if page else settings.get("ARTICLE_PATHS", ["articles"]))[0]
    )
    stem = slug if page else f"{now:%Y-%m-%d}-{slug}"
    paths = {code: folder / f"{stem}.{code}.md" for code in [original] + [c for c in languages if c != original]}
    try:
        index, _problems = load_index(content_dir, settings, now)
    except ContentError as error:
        raise ScaffoldError(str(error)) from None
    for doc in index.docs:
        if doc.key == slug:
            raise ScaffoldError(
                f"{display_path(doc.path)} already has `Key: {slug}` — give the new item another title, or edit that file"
            )
    for path in paths.values():
        if path.exists():
            raise ScaffoldError(f"{path} already exists — choose another title, or edit that file")
    event = entry is not None and entry is events_category(settings)
    texts = {}
    for code, path in paths.items():
        archetype = archetypes["original" if code == original else "translation", code]
        values = {
            "title": title,
            "slug": slug,
            "date": None if page else f"{now:%Y-%m-%d %H:%M}",
            "key": slug,
            "category": entry[code] if entry else None,
            "original": original,
            "source": paths[original].name,
        }
        header = fill(archetype.header, values)
        if event:
            header += [*archetypes["event", ""].header, *archetypes["event", code].header]
        body = "\n".join(fill(archetype.body.splitlines(), values))
        texts[path] = "\n".join(header) + f"\n\n{body}\n"
        written = parse_document(texts[path], path, "page" if page else "article").lang
        if written != code:
            raise ScaffoldError(
                f"{shown(archetype.path)}: `Lang: {written}`, but it is the {language_name(code)} archetype"
                f" — write `Lang: {code}`"
            )
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in texts.items():
        path.write_text(text, encoding="utf-8")
    return list(paths.values())
