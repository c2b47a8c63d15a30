"""`invoke translations` and `invoke translated`: which articles and pages lack a translation, which
translations are older than their original, and recording that a translation matches its original.

A translation records the version of the original it was made from as `Original_hash:` (a short hash
of the original's title, summary and text with whitespace normalised), written by
`invoke translated <file>`. File times mean nothing in a fresh clone; the hash does. To show what
changed since, `original_changes()` finds that version in git history (the newest commit whose copy
of the original has the recorded hash) and compares its words with the original's text now.
"""

from __future__ import annotations

import difflib
import json
import re
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from plugins.common import display_path
from plugins.content_check.content_index import load_index
from plugins.content_check.document import (
    PLACEHOLDER_PATTERN,
    TRANSLATED_FIELDS,
    Document,
    parse_document,
    text_hash,
    translated_parts,
)
from plugins.content_check.problem import ContentError, language_name

from .. import PELICANCONF, BuildError
from ..validate import content_settings

# Translation states, from the most to the least urgent.
MISSING, OUTDATED, UNMARKED, CURRENT = "missing", "outdated", "unmarked", "current"
STATES = (MISSING, OUTDATED, UNMARKED, CURRENT)
_ORIGINAL_LINE = re.compile(r"^[ ]{0,3}original:", re.IGNORECASE)
_HASH_LINE = re.compile(r"^[ ]{0,3}original_hash:", re.IGNORECASE)
# Words of context shown around each change.
CONTEXT_WORDS = 6
FORMATS = ("text", "json")


@dataclass
class Translation:
    lang: str
    path: Path
    state: str
    recorded_hash: str | None
    original_hash: str


@dataclass
class TranslationGroup:
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


def translation_report(content_dir: Path, settings: dict) -> list[TranslationGroup]:
    """Every article and page by key, with its missing languages and the state of each translation."""
    index, _problems = load_index(content_dir, settings, datetime.now())
    by_key: dict[str, dict[str, Document]] = defaultdict(dict)
    for doc in index.docs:
        if doc.key and doc.lang in index.languages:
            by_key[doc.key].setdefault(doc.lang, doc)
    items = []
    for key, files in sorted(by_key.items()):
        marked = [lang for lang, doc in files.items() if doc.value("original") in files]
        original = next((files[lang].value("original") for lang in marked), None)
        if original is None:
            # No translation names it: the main language's version, else the first in LANGUAGES order.
            original = next(lang for lang in [index.default_lang, *index.languages] if lang in files)
        item = TranslationGroup(
            key, files[original].kind, files, original, [lang for lang in index.languages if lang not in files]
        )
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


def render_text(items: list[TranslationGroup], root: Path) -> str:
    """The report for people: one section per state that has entries, then a count."""
    sections: dict[str, list[str]] = {state: [] for state in STATES}
    for item in items:
        original = item.files[item.original]
        source = display_path(original.path, root)
        for lang in item.missing:
            name = original.path.name.replace(f".{item.original}.md", f".{lang}.md")
            sections[MISSING].append(
                f"  {source} ({item.kind}, {original.status or 'no status'}): no {language_name(lang)} version"
                f" — write {display_path(original.path.with_name(name), root)} with `Key: {item.key}` and"
                f" `Original: {item.original}` (or leave it out: the lists in that language show the original, marked as such)"
            )
        for translation in item.translations:
            path = display_path(translation.path, root)
            if translation.state == OUTDATED:
                sections[OUTDATED].append(
                    f"  {path}: {source} has changed since it was translated"
                    f" — see what changed with `invoke translations --diff`, update the translation,"
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


def summary(items: list[TranslationGroup]) -> dict[str, int]:
    counts = dict.fromkeys(STATES, 0)
    for item in items:
        counts[MISSING] += len(item.missing)
        for translation in item.translations:
            counts[translation.state] += 1
    return counts


def render_json(items: list[TranslationGroup], root: Path) -> str:
    """The report for tools: every item with its files, original, missing languages and translation states."""
    data = {
        "items": [
            {
                "key": item.key,
                "kind": item.kind,
                "original": item.original,
                "files": {
                    lang: {"path": display_path(doc.path, root), "status": doc.status}
                    for lang, doc in sorted(item.files.items())
                },
                "missing": item.missing,
                "translations": [
                    {
                        "lang": translation.lang,
                        "path": display_path(translation.path, root),
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


class MarkError(BuildError):
    """The file cannot be marked; the message says why and what to do."""


def mark_translated(path: Path, content_dir: Path, settings_file: Path = PELICANCONF) -> str:
    """`invoke translated`: write `Original_hash:` (the original's current hash) into a translation; return the hash."""
    settings = content_settings(content_dir, settings_file)
    path = path.resolve()
    try:
        index, _problems = load_index(content_dir, settings, datetime.now())
    except ContentError as error:
        raise MarkError(str(error)) from None
    doc = next((d for d in index.docs if d.path.resolve() == path), None)
    if doc is None:
        raise MarkError(f"{path}: not an article or page in {content_dir} — give the path of the translated .md file")
    if doc.leading_blank_lines:
        raise MarkError(f"{path}: starts with an empty line — delete it first (`invoke check` shows it)")
    original_lang = doc.value("original")
    if not original_lang:
        raise MarkError(
            f"{path}: has no `Original:` line, so it is not marked as a translation"
            f" — add `Original: {settings['DEFAULT_LANG']}` (or the language it was translated from) below Status"
        )
    original = next((d for d in index.docs if d.key == doc.key and d.lang == original_lang), None)
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


# What changed in an original since its translation was made ----------------------------------------


def _git(folder: Path, *args: str) -> str | None:
    """Output of a git command run in `folder`, or None when git fails (no repository, unknown path)."""
    try:
        result = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None


def translated_version(original: Document, recorded: str) -> tuple[str, str, Document] | None:
    """(commit, date, document) of the newest committed version of `original` whose text hash is `recorded`."""
    folder = original.path.resolve().parent
    log = _git(folder, "log", "--follow", "--format=commit %H %cs", "--name-only", "--", original.path.name)
    if not log:
        return None
    commit = date = None
    for line in log.splitlines():
        if line.startswith("commit "):
            _, commit, date = line.split()
        elif line.strip() and commit:
            text = _git(folder, "show", f"{commit}:{line.strip()}")
            if text is not None:
                old = parse_document(text, original.path, original.kind)
                if text_hash(old) == recorded:
                    return commit, date, old
            commit = None
    return None


def word_diff(old: list[str], new: list[str]) -> list[str]:
    """The changes from `old` to `new`, one line each: a few words around them, `[-removed-]{+added+}`."""
    hunks = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for group in matcher.get_grouped_opcodes(CONTEXT_WORDS):
        words = []
        first, last = group[0], group[-1]
        if first[1] > 0 or first[3] > 0:
            words.append("…")
        for tag, a_start, a_end, b_start, b_end in group:
            if tag == "equal":
                words.extend(old[a_start:a_end])
                continue
            if a_end > a_start:
                words.append(f"[-{' '.join(old[a_start:a_end])}-]")
            if b_end > b_start:
                words.append(f"{{+{' '.join(new[b_start:b_end])}+}}")
        if last[2] < len(old) or last[4] < len(new):
            words.append("…")
        hunks.append(" ".join(words))
    return hunks


def original_changes(item: TranslationGroup, translation: Translation, root: Path) -> str:
    """What changed in the original of an out-of-date translation since it was translated, word by word."""
    original = item.files[item.original]
    source, path = display_path(original.path, root), display_path(translation.path, root)
    found = translated_version(original, translation.recorded_hash or "")
    if found is None:
        return (
            f"{path}: the version of {source} it was translated from is not in the git history"
            " — commit the files (a renamed original too) and try again, or compare the two files by reading them"
        )
    commit, date, old = found
    lines = [
        f"{path}: what changed in {source} since the version it was translated from ({date}, commit {commit[:7]}):"
    ]
    before, now = translated_parts(old), translated_parts(original)
    for name in TRANSLATED_FIELDS:
        for hunk in word_diff(before[name].split(), now[name].split()):
            lines.append(f"  {name}: {hunk}")
    return "\n".join(lines)


def render_changes(items: list[TranslationGroup], root: Path) -> str:
    """For each out-of-date translation, what changed in its original; a legend first."""
    changes = [
        original_changes(item, translation, root)
        for item in items
        for translation in item.translations
        if translation.state == OUTDATED
    ]
    if not changes:
        return "No translation is out of date."
    return "\n".join(["Changes since translation ([-removed-] {+added+}):", *changes])


def translation_status(
    content_dir: Path,
    output_format: str = "text",
    diff: bool = False,
    root: Path | None = None,
    settings_file: Path = PELICANCONF,
) -> str:
    """`invoke translations`: the report (text for people, JSON for tools) and, with `diff`, what changed in each
    original since its translation was made; paths relative to `root` (the current folder)."""
    if output_format not in FORMATS:
        raise BuildError(f"unknown format {output_format!r} — use --format text or --format json")
    root = Path.cwd() if root is None else root
    items = translation_report(content_dir, content_settings(content_dir, settings_file))
    report = render_json(items, root) if output_format == "json" else render_text(items, root)
    return f"{report}\n{render_changes(items, root)}" if diff else report
