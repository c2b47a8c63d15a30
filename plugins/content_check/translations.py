"""Which articles and pages lack a translation, and which translations are older than their original.

A translation records the version of the original it was made from as `Original_hash:` (a short hash
of the original's title, summary and text with whitespace normalised), written by
`invoke translated <file>`. File times mean nothing in a fresh clone; the hash does.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .document import PLACEHOLDER_PATTERN, Document, text_hash
from .site import language_name, load_site

# Translation states, from the most to the least urgent.
MISSING, OUTDATED, UNMARKED, CURRENT = "missing", "outdated", "unmarked", "current"
STATES = (MISSING, OUTDATED, UNMARKED, CURRENT)
_ORIGINAL_LINE = re.compile(r"^[ ]{0,3}original:", re.IGNORECASE)
_HASH_LINE = re.compile(r"^[ ]{0,3}original_hash:", re.IGNORECASE)


@dataclass
class Translation:
    lang: str
    path: Path
    state: str
    recorded_hash: str | None
    original_hash: str


@dataclass
class Item:
    """One article or page (a translation key) in all its languages."""

    key: str
    kind: str
    files: dict[str, Document]
    original: str | None  # the language of the original
    missing: list[str] = field(default_factory=list)
    translations: list[Translation] = field(default_factory=list)

    @property
    def states(self) -> set[str]:
        found = {translation.state for translation in self.translations}
        if self.missing:
            found.add(MISSING)
        return found


def translation_report(content_dir: Path, settings: dict) -> list[Item]:
    """Every article and page by key, with its missing languages and the state of each translation."""
    site, _problems = load_site(content_dir, settings, datetime.now())
    by_key: dict[str, dict[str, Document]] = defaultdict(dict)
    for doc in site.docs:
        if doc.key and doc.lang in site.languages:
            by_key[doc.key].setdefault(doc.lang, doc)
    items = []
    for key, files in sorted(by_key.items()):
        marked = [lang for lang, doc in files.items() if doc.value("original") in files]
        original = next((files[lang].value("original") for lang in marked), None)
        if original is None:
            original = site.default_lang if site.default_lang in files else next(iter(files))
        item = Item(key, files[original].kind, files, original, [lang for lang in site.languages if lang not in files])
        current = text_hash(files[original])
        for lang, doc in files.items():
            if lang == original:
                continue
            recorded = doc.value("original_hash")
            if not recorded or PLACEHOLDER_PATTERN.search(recorded) or doc.value("original") != original:
                state = UNMARKED
            else:
                state = CURRENT if recorded == current else OUTDATED
            item.translations.append(Translation(lang, doc.path, state, recorded, current))
        items.append(item)
    return items


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def render_text(items: list[Item], root: Path) -> str:
    """The report for people: one section per state that has entries, then a count."""
    sections: dict[str, list[str]] = {state: [] for state in STATES}
    for item in items:
        original = item.files[item.original]
        source = _shown(original.path, root)
        for lang in item.missing:
            name = original.path.name.replace(f".{item.original}.md", f".{lang}.md")
            sections[MISSING].append(
                f"  {source} ({item.kind}, {original.status or 'no status'}): no {language_name(lang)} version"
                f" — write {_shown(original.path.with_name(name), root)} with `Key: {item.key}` and"
                f" `Original: {item.original}` (or leave it in one language: it is listed in the other marked as such)"
            )
        for translation in item.translations:
            path = _shown(translation.path, root)
            if translation.state == OUTDATED:
                sections[OUTDATED].append(
                    f"  {path}: {source} has changed since it was translated"
                    f" — see what changed with `git log -p {source}`, update the translation,"
                    f" then run `invoke translated {path}`"
                )
            elif translation.state == UNMARKED:
                sections[UNMARKED].append(
                    f"  {path}: no record of which version of {source} it was translated from"
                    f" — when it matches the original, run `invoke translated {path}`"
                )
    titles = {
        MISSING: "Missing a translation",
        OUTDATED: "Translation out of date",
        UNMARKED: "Translation not marked with the version of its original",
    }
    lines = []
    for state, title in titles.items():
        if sections[state]:
            lines.append(f"{title} ({len(sections[state])}):")
            lines.extend(sections[state])
    counts = summary(items)
    lines.append(
        f"{counts[CURRENT]} up to date, {counts[OUTDATED]} out of date, {counts[UNMARKED]} not marked,"
        f" {counts[MISSING]} missing ({len(items)} articles and pages)."
    )
    return "\n".join(lines)


def summary(items: list[Item]) -> dict[str, int]:
    counts = dict.fromkeys(STATES, 0)
    for item in items:
        counts[MISSING] += len(item.missing)
        for translation in item.translations:
            counts[translation.state] += 1
    return counts


def render_json(items: list[Item], root: Path) -> str:
    """The report for tools: every item with its files, original, missing languages and translation states."""
    data = {
        "items": [
            {
                "key": item.key,
                "kind": item.kind,
                "original": item.original,
                "files": {
                    lang: {"path": _shown(doc.path, root), "status": doc.status}
                    for lang, doc in sorted(item.files.items())
                },
                "missing": item.missing,
                "translations": [
                    {
                        "lang": translation.lang,
                        "path": _shown(translation.path, root),
                        "state": translation.state,
                        "recorded_hash": translation.recorded_hash,
                        "original_hash": translation.original_hash,
                    }
                    for translation in item.translations
                ],
            }
            for item in items
        ],
        "summary": summary(items),
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


class MarkError(Exception):
    """The file cannot be marked; the message says why and what to do."""


def mark_translated(path: Path, content_dir: Path, settings: dict) -> str:
    """Write `Original_hash:` (the original's current hash) into a translation; return the hash."""
    path = path.resolve()
    site, _problems = load_site(content_dir, settings, datetime.now())
    doc = next((d for d in site.docs if d.path.resolve() == path), None)
    if doc is None:
        raise MarkError(f"{path}: not an article or page in {content_dir} — give the path of the translated .md file")
    original_lang = doc.value("original")
    if not original_lang:
        raise MarkError(
            f"{path}: has no `Original:` line, so it is not marked as a translation"
            " — add `Original: sv` (the language it was translated from) below Status"
        )
    original = next((d for d in site.docs if d.key == doc.key and d.lang == original_lang), None)
    if original is None:
        raise MarkError(
            f"{path}: no {language_name(original_lang)} file has `Key: {doc.key}`"
            " — check that the Key is the same in the original and the translation"
        )
    digest = text_hash(original)
    raw = path.read_bytes().decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in raw else "\n"
    lines = raw.splitlines(keepends=True)
    header_end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    hash_line = f"Original_hash: {digest}{newline}"
    for number in range(header_end):
        if _HASH_LINE.match(lines[number]):
            lines[number] = hash_line
            break
    else:
        after = next(number for number in range(header_end) if _ORIGINAL_LINE.match(lines[number]))
        if not lines[after].endswith(("\n", "\r")):
            lines[after] += newline
        lines.insert(after + 1, hash_line)
    path.write_text("".join(lines), encoding="utf-8", newline="")
    return digest
