"""The production output: what the host serves, made from the finished site (enabled in publishconf only).

On the main site's `finalized` (after the i18n subsites and every other plugin have written their
files), over the whole output folder, in this order:

1. `/.well-known/security.txt` (hosting);
2. HTML and CSS minified (minify);
3. content hashes in the theme's asset names, references rewritten (fingerprint);
4. `_headers`, `_redirects` and the nginx map of legacy addresses (hosting).

Pagefind indexes the site after Pelican has finished (tasks.run_build); then `finish_after_search`
makes its entry file byte-stable and writes the `.gz` and `.br` copies beside every text file
(compress), Pagefind's files included.

Legacy addresses come from the `Aliases:` metadata, recorded per site on
`article_generator_finalized` and `page_generator_finalized`.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals

from . import compress, fingerprint, hosting, minify

logger = logging.getLogger(__name__)
PAGEFIND_ENTRY = "pagefind/pagefind-entry.json"


class _Aliases:
    """The legacy addresses of one build, gathered from the main site and every i18n subsite.

    The subsites run inside the main site's run, so this must outlive one site; it is emptied when
    the main site starts and after it has finished (Pelican reruns in one process with --autoreload).
    """

    def __init__(self) -> None:
        self.items: list[hosting.Alias] = []


_aliases = _Aliases()


def _is_main_site(settings: dict) -> bool:
    # An i18n subsite has its own language as DEFAULT_LANG.
    return settings.get("DEFAULT_LANG") not in settings.get("I18N_SUBSITES", {})


def start(pelican) -> None:
    if _is_main_site(pelican.settings):
        _aliases.items = []


def record_aliases(generator) -> None:
    """Record the `Aliases:` of the site's own published articles or pages."""
    site_root = urlsplit(generator.settings["SITEURL"]).path.rstrip("/") + "/"
    items = getattr(generator, "articles", None)
    if items is None:
        items = generator.pages
    for item in items:
        if item.lang == generator.settings["DEFAULT_LANG"] and "aliases" in item.metadata:
            _aliases.items += hosting.item_aliases(item, posixpath.join(site_root, item.url))


def _site_aliases(settings: dict) -> list[hosting.Alias]:
    """Every subsite's old front page, `/?lang=fi`, leads to its front page."""
    return [
        hosting.Alias("/", lang, urlsplit(overrides["SITEURL"]).path.rstrip("/") + "/", "publishconf.py")
        for lang, overrides in settings.get("I18N_SUBSITES", {}).items()
    ]


def _source_epoch() -> int:
    """When the source last changed: SOURCE_DATE_EPOCH, the reproducible-builds.org variable, set by tasks.py."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise hosting.HostingError(
            f"SOURCE_DATE_EPOCH is {value!r}: the production build needs the time the source last changed"
            " (for security.txt) — build with `invoke build --production`, which takes it from git"
        ) from None


def finish(pelican) -> None:
    settings = pelican.settings
    if not _is_main_site(settings):
        return
    try:
        output = Path(settings["OUTPUT_PATH"])
        aliases = sorted(
            [*_site_aliases(settings), *_aliases.items], key=lambda alias: (alias.path, alias.lang, alias.target)
        )
        hosting.check_aliases(aliases, output)
        security_txt = output / hosting.SECURITY_TXT
        security_txt.parent.mkdir(parents=True, exist_ok=True)
        security_txt.write_text(
            hosting.security_txt(
                settings["SECURITY_CONTACT"],
                settings["SECURITY_LANGUAGES"],
                settings["SITEURL"],
                _source_epoch(),
            ),
            encoding="utf-8",
        )
        minified = minify.minify_tree(output)
        renamed = fingerprint.fingerprint(output, settings["THEME_STATIC_DIR"], settings["SITEURL"])
        languages = list(settings.get("I18N_SUBSITES", {}))
        (output / "_headers").write_text(hosting.netlify_headers(output), encoding="utf-8")
        (output / "_redirects").write_text(
            hosting.netlify_redirects(aliases, hosting.not_found_pages(output, languages)), encoding="utf-8"
        )
        nginx_map = output / hosting.NGINX_MAP
        nginx_map.parent.mkdir(parents=True, exist_ok=True)
        nginx_map.write_text(hosting.nginx_map(aliases), encoding="utf-8")
    finally:
        _aliases.items = []
    logger.info(
        "production: %d files minified, %d assets fingerprinted, %d legacy redirects",
        minified,
        len(renamed),
        len(aliases),
    )


def stable_pagefind_entry(output: Path) -> None:
    """Pagefind lists its languages in a random order (a Rust HashMap): write the same JSON sorted."""
    entry = output / PAGEFIND_ENTRY
    if entry.is_file():
        data = json.loads(entry.read_text(encoding="utf-8"))
        entry.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def finish_after_search(output: Path) -> int:
    """The last steps of a production build, after Pagefind; return how many files were precompressed."""
    stable_pagefind_entry(output)
    return compress.precompress(output)


def register() -> None:
    signals.initialized.connect(start)
    signals.article_generator_finalized.connect(record_aliases)
    signals.page_generator_finalized.connect(record_aliases)
    signals.finalized.connect(finish)
