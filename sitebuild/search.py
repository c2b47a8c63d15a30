"""Search: index a built site with Pagefind (offline, from PyPI), one stemmed index per language."""

from __future__ import annotations

import json
import subprocess
import sys
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


def index_search(site: Path, languages: list[str], bundle: Path | None = None) -> None:
    """Index the built site with Pagefind into site/pagefind/ (or `bundle`): one index per <html lang>, stemmed.

    Only elements marked `data-pagefind-body` (article and page title, lead, body) are indexed.
    Pagefind answers a language without an index from the largest other one, so every language
    with pages must have its own index, or the Finnish search would return Swedish pages.
    """
    bundle = Path(bundle) if bundle else site / "pagefind"
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle.resolve())],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BuildError(f"{result.stdout}{result.stderr}Pagefind could not index {site}; see its messages above.")
    # Pagefind's ready-made interfaces inject styles (no good under a strict CSP); the search page
    # uses its JS API with our own markup (static/js/search.js), so they are not published.
    for unused in PAGEFIND_UNUSED:
        (bundle / unused).unlink(missing_ok=True)
    entry = bundle / "pagefind-entry.json"
    data = json.loads(entry.read_text(encoding="utf-8"))
    # Pagefind lists its languages in a random order (a Rust HashMap): the same data sorted, so that two builds
    # of the same content are the same bytes, in development as in production.
    entry.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    indexed = data["languages"]
    missing = [lang for lang in languages if not indexed.get(lang, {}).get("page_count")]
    if missing:
        raise BuildError(
            f"Pagefind found nothing to index in {', '.join(missing)}: mark the article and page text with"
            " data-pagefind-body in themes/batteryregion/templates (article.html, page.html)."
        )
