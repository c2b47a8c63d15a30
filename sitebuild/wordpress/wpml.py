"""WPML's languages and translation groups: from its `icl_translations` table (CSV or SQL dump) when given,
else from the `?lang=` of each item's address and the links between items, every such pair reported as unsure.

The table's rows are `translation_id, element_type, element_id, trid, language_code, source_language_code`;
items of one `trid` translate each other, and the row whose `source_language_code` is empty is the original.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from .languages import Languages, lang_of_link
from .wxr import Export, ExportError, Item

COLUMNS = ("translation_id", "element_type", "element_id", "trid", "language_code", "source_language_code")
_INSERT = re.compile(
    r"INSERT\s+INTO\s+`?\w*icl_translations`?\s*(\([^)]*\))?\s*VALUES\s*(.*?);\s*$", re.I | re.S | re.M
)
_TUPLE = re.compile(r"\(((?:[^()'\"]|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")*)\)")
_VALUE = re.compile(r"\s*(NULL|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^,]+)\s*(?:,|$)", re.I)
PAIRED_STATUSES = ("publish", "future", "draft", "pending")
TABLE_FIX = (
    "export the table wp_icl_translations (phpMyAdmin → Export, as CSV with column names or as SQL) and give it"
    " with --wpml-table"
)


def uses_wpml(export: Export) -> bool:
    return any(key.startswith("_wpml_") for item in export.items for key in item.meta) or any(
        "wpml" in term.taxonomy for term in export.terms
    )


def read_table(path: Path) -> list[dict[str, str | None]]:
    """The rows of an icl_translations table, from a CSV file with a header or an SQL dump."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise ExportError(f"cannot read the WPML table {path}: {error} — {TABLE_FIX}") from None
    rows: list[dict[str, str | None]] = []
    if path.suffix.lower() == ".csv" or not _INSERT.search(text):
        reader = csv.DictReader(text.splitlines())
        if not reader.fieldnames or not set(COLUMNS[1:5]) <= {name.strip() for name in reader.fieldnames}:
            raise ExportError(f"{path} has no columns {', '.join(COLUMNS)} — {TABLE_FIX}")
        for row in reader:
            rows.append({key.strip(): (value if value not in ("", "NULL") else None) for key, value in row.items()})
        return rows
    for insert in _INSERT.finditer(text):
        names = [name.strip(" `") for name in insert.group(1).strip("()").split(",")] if insert.group(1) else COLUMNS
        for values in _TUPLE.finditer(insert.group(2)):
            fields = []
            for raw in _VALUE.findall(values.group(1)):
                value = raw.strip()
                fields.append(None if value.upper() == "NULL" else value.strip("'\"").replace("\\'", "'"))
            rows.append(dict(zip(names, fields, strict=False)))
    if not rows:
        raise ExportError(f"{path}: no rows of icl_translations found — {TABLE_FIX}")
    return rows


def read_wpml(export: Export, site_languages: list[str], default: str, table: Path | None) -> Languages:
    result = Languages("wpml")
    posts = {item.post_id: item for item in export.items_of("post", "page")}
    attachments = {item.post_id: item for item in export.items_of("attachment")}
    if table is not None:
        by_trid: dict[str, dict[str, int]] = {}
        for row in read_table(table):
            if not str(row.get("element_type") or "").startswith("post_"):
                continue
            element = str(row.get("element_id") or "")
            if element.isdigit() and int(element) in attachments and row.get("language_code"):
                # WPML Media: the language of the attachment, so of its alt text.
                result.of_media[int(element)] = str(row["language_code"]).lower()
                continue
            if not element.isdigit() or int(element) not in posts:
                continue
            code = str(row.get("language_code") or "").lower()
            post_id = int(element)
            if code not in site_languages:
                result.foreign[post_id] = code
                continue
            result.of_item[post_id] = code
            by_trid.setdefault(str(row.get("trid")), {})[code] = post_id
            source = row.get("source_language_code")
            if source:
                result.source[post_id] = str(source).lower()
        result.groups = [group for group in by_trid.values() if len(group) > 1]
        for post_id in posts:
            result.of_item.setdefault(post_id, result.of_item.get(post_id) or default)
        return result
    for post_id, item in attachments.items():
        # Without the table only a translated attachment's page says its language (/photo-2/?lang=fi); one without
        # ?lang= may be in the default language or in none.
        code = lang_of_link(item.link)
        if code:
            result.of_media[post_id] = code
    for post_id, item in posts.items():
        code = lang_of_link(item.link) or lang_of_link(item.guid) or default
        if code in site_languages:
            result.of_item[post_id] = code
        else:
            result.foreign[post_id] = code
    _pair_by_evidence(result, posts, default)
    return result


def _evidence(item: Item, other: Item) -> list[str]:
    found = []
    for one, two in ((item, other), (other, item)):
        target = re.escape(two.link.split("://", 1)[-1]) if two.link else None
        by_id = rf"[?&](?:p|page_id)={two.post_id}(?!\d)"
        if (target and re.search(target, one.content)) or re.search(by_id, one.content):
            found.append(f"{one.post_id} links to {two.post_id}")
    if item.thumbnail_id and item.thumbnail_id == other.thumbnail_id:
        found.append("same featured image")
    if item.post_date and other.post_date and abs((item.post_date - other.post_date).total_seconds()) <= 86400:
        found.append("dated within a day")
    return found


def _pair_by_evidence(result: Languages, posts: dict[int, Item], default: str) -> None:
    """Pairs without WPML's table: each translation with the one default-language item that the evidence names."""
    # Only items that could be imported pair: a trashed, private or password-protected one is no original.
    posts = {pid: item for pid, item in posts.items() if item.status in PAIRED_STATUSES and not item.password}
    originals = [item for pid, item in posts.items() if result.of_item.get(pid) == default]
    taken: set[int] = set()
    for pid, item in sorted(posts.items()):
        lang = result.of_item.get(pid)
        if lang is None or lang == default:
            continue
        scored = []
        for other in originals:
            if other.post_type != item.post_type or other.post_id in taken:
                continue
            evidence = _evidence(item, other)
            score = sum(3 if "links" in e else 2 if "image" in e else 1 for e in evidence)
            if score:
                scored.append((score, other, evidence))
        scored.sort(key=lambda entry: (-entry[0], entry[1].post_id))
        if not scored:
            continue
        best_score, best, evidence = scored[0]
        tie = len(scored) > 1 and scored[1][0] == best_score
        if best_score >= 2 and not tie:
            taken.add(best.post_id)
            result.groups.append({default: best.post_id, lang: pid})
            result.unsure.append(
                f"{best.post_id} ({default}) ↔ {pid} ({lang}) paired by {', '.join(evidence)}: check them, or give"
                " WPML's table with --wpml-table"
            )
        else:
            names = ", ".join(str(entry[1].post_id) for entry in scored[:3])
            result.unsure.append(
                f"{pid} ({lang}) left unpaired: possible originals {names} ({'equal evidence' if tie else 'weak evidence'})"
            )
