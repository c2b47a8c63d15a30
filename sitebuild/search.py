"""Search: index a built site with Pagefind (offline, from PyPI), one stemmed index per language."""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import BuildError

PAGEFIND_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


# Pagefind holds a whole index in its memory, about 250 KB a page of Finnish news text (measured at 2,000 pairs:
# 530 MB for the Finnish pages alone). A site with more pages to index than this is indexed in parts of at most
# this many pages of one language, one Pagefind run after another; the search page merges the parts of its
# language (static/js/search.js reads PARTS_FILE). A site of this size or less is one run, one bundle.
PART_PAGES = 1200
PARTS_FILE = "parts.json"
_GLOB_SPECIAL = re.compile(r"[?*$:<>()\[\]{},]")
_LANG = re.compile(rb"<html[^>]*\slang=\"([^\"]+)\"", re.IGNORECASE)


def search_part_pages(settings: dict) -> int:
    """SEARCH_PART_PAGES of the settings (pelicanconf.py), a whole number of at least 1."""
    value = settings.get("SEARCH_PART_PAGES", PART_PAGES)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise BuildError(f"SEARCH_PART_PAGES = {value!r} in the settings: give a whole number of pages, such as 1200")
    return value


def indexed_pages(site: Path) -> dict[str, list[Path]]:
    """The pages Pagefind indexes (those with `data-pagefind-body`) by their <html lang>, each list sorted."""
    pages: dict[str, list[Path]] = {}
    for path in sorted(site.rglob("*.html")):
        data = path.read_bytes()
        if b"data-pagefind-body" not in data:
            continue
        found = _LANG.search(data, 0, 2048)
        pages.setdefault(found.group(1).decode() if found else "", []).append(path.relative_to(site))
    return pages


def index_search(site: Path, languages: list[str], bundle: Path | None = None, part_pages: int = PART_PAGES) -> None:
    """Index the built site with Pagefind into site/pagefind/ (or `bundle`): one index per <html lang>, stemmed.

    Only elements marked `data-pagefind-body` (article and page title, lead, body) are indexed.
    Pagefind answers a language without an index from the largest other one, so every language
    with pages must have its own index, or the Finnish search would return Swedish pages.
    More than `part_pages` pages: each language in parts of at most that many, the first of each in the bundle,
    the others in bundles of their own inside it (`sv-2/`, listed in PARTS_FILE), so that no Pagefind run holds
    more than one part in memory.
    """
    bundle = Path(bundle) if bundle else site / "pagefind"
    pages = indexed_pages(site)
    parts: dict[str, list[str]] = {}
    if sum(len(found) for found in pages.values()) <= part_pages:
        _pagefind(site, bundle)
    else:
        with tempfile.TemporaryDirectory(prefix=f".{site.name}.search.", dir=site.parent) as scratch:
            part = Path(scratch) / "part"
            for lang, found in sorted(pages.items()):
                count = math.ceil(len(found) / part_pages)
                for number in range(1, count + 1):
                    share = found[(number - 1) * len(found) // count : number * len(found) // count]
                    _pagefind(site, part, share)
                    if number == 1:
                        _merge_into(part, bundle)
                    else:
                        name = f"{lang}-{number}/"
                        bundle.mkdir(parents=True, exist_ok=True)
                        part.rename(bundle / name)
                        parts.setdefault(lang, []).append(name)
                    shutil.rmtree(part, ignore_errors=True)
    for folder in [bundle, *(bundle / name for names in parts.values() for name in names)]:
        _tidy(folder)
    (bundle / PARTS_FILE).write_text(json.dumps(parts, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    indexed = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    missing = [lang for lang in languages if not indexed.get(lang, {}).get("page_count")]
    if missing:
        raise BuildError(
            f"Pagefind found nothing to index in {', '.join(missing)}: mark the article and page text with"
            " data-pagefind-body in themes/batteryregion/templates (article.html, page.html)."
        )


def _pagefind(site: Path, bundle: Path, pages: list[Path] | None = None) -> None:
    """Pagefind's index of `site` (or of only its `pages`, paths from `site`) written to `bundle`."""
    # Pagefind runs in a folder of its own beside the site, never inside it (another step may be reading the site).
    with tempfile.TemporaryDirectory(prefix=f".{site.name}.pagefind.", dir=site.resolve().parent) as folder:
        if pages is not None:
            # Only these pages: one glob naming each (Pagefind reads its settings from a file in the folder it runs
            # in; a few thousand paths are too long for one command-line argument). The pages stay where they are,
            # so Pagefind gives each the address it has on the site.
            glob = "{" + ",".join(_glob_escaped(path.as_posix()) for path in pages) + "}"
            Path(folder, "pagefind.json").write_text(json.dumps({"glob": glob}), encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(site.resolve()), "--output-path", str(bundle.resolve())],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        raise BuildError(f"{result.stdout}{result.stderr}Pagefind could not index {site}; see its messages above.")


def _glob_escaped(path: str) -> str:
    """`path` as a glob that matches only itself (Pagefind's globs: the wax crate)."""
    if "\\" in path:
        # Wax takes no backslash in a path, even escaped; a browser reads one in an address as a slash anyway.
        raise BuildError(f"{path}: a page's path holds a backslash, which browsers read as a slash; name it without")
    return _GLOB_SPECIAL.sub(r"\\\g<0>", path)


def _merge_into(part: Path, bundle: Path) -> None:
    """Put a one-language bundle's files into `bundle`: its index files are named by their hash, its script and
    stemmers are Pagefind's own (the same in every run); the entry lists the languages of both."""
    entry = {}
    if (bundle / "pagefind-entry.json").exists():
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    added = json.loads((part / "pagefind-entry.json").read_text(encoding="utf-8"))
    for path in sorted(part.rglob("*")):
        target = bundle / path.relative_to(part)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif path.name != "pagefind-entry.json" and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            path.rename(target)
    if entry:
        added["languages"] = {**entry["languages"], **added["languages"]}
    (bundle / "pagefind-entry.json").write_text(json.dumps(added), encoding="utf-8")


def _tidy(bundle: Path) -> None:
    """What a bundle publishes: no ready-made interfaces, and its entry the same bytes for the same content."""
    # Pagefind's ready-made interfaces inject styles (no good under a strict CSP); the search page
    # uses its JS API with our own markup (static/js/search.js), so they are not published.
    for unused in PAGEFIND_UNUSED:
        (bundle / unused).unlink(missing_ok=True)
    entry = bundle / "pagefind-entry.json"
    data = json.loads(entry.read_text(encoding="utf-8"))
    # Pagefind lists its languages in a random order (a Rust HashMap): the same data sorted, so that two builds
    # of the same content are the same bytes, in development as in production.
    entry.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
