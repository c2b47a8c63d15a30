"""The production output: what the host serves, made from the finished site (enabled in publishconf only).

On the main site's `finalized` (after the i18n subsites and every other plugin have written their
files), over the whole output folder, in this order:

1. `/.well-known/security.txt` (hosting);
2. HTML and CSS minified (minify);
3. content hashes in the theme's asset names, references rewritten (fingerprint);
4. `_redirects` and the nginx map of legacy addresses (hosting).

Pagefind indexes the site after Pelican has finished (sitebuild.build.run_build); then `finish_after_search`
makes its entry file byte-stable, writes `_headers` (which names every file that may be cached for
good, Pagefind's index included), the `.gz` and `.br` copies beside every text file (compress),
Pagefind's files included, and gives every file and folder the same mode (readable by
the web server's user) and the same time, the source's date.

The source's date is the `SOURCE_DATE_EPOCH` setting (Unix time), which sitebuild passes as
`-e SOURCE_DATE_EPOCH=...` (SOURCE_DATE_EPOCH in its environment, else the last commit's time).

Legacy addresses are the content's `Aliases:` of the items published at the build's "now" and each language's
old front page, as plugins/content_check validates them (`legacy_aliases`, read from the content files).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from pelican import signals

from plugins.common import is_main_site
from plugins.content_check.aliases import legacy_aliases
from plugins.schedule import build_now

from . import compress, fingerprint, hosting, minify

logger = logging.getLogger(__name__)
PAGEFIND_ENTRY = "pagefind/pagefind-entry.json"
# What the web server, running as its own user, needs: folders it can list, files it can read.
FOLDER_MODE, FILE_MODE = 0o755, 0o644


def _source_epoch(settings: dict) -> int:
    """When the source last changed: the SOURCE_DATE_EPOCH setting, which sitebuild passes."""
    value = settings.get("SOURCE_DATE_EPOCH")
    if isinstance(value, bool) or not isinstance(value, int):
        raise hosting.HostingError(
            f"the setting SOURCE_DATE_EPOCH is {value!r}: the production build needs the time the source last"
            " changed (for security.txt) — build with `invoke build --production`, which passes it from git"
        )
    return value


def finish(pelican) -> None:
    settings = pelican.settings
    if not is_main_site(settings):
        return
    output = Path(settings["OUTPUT_PATH"])
    aliases = legacy_aliases(Path(settings["PATH"]), settings, build_now(settings))
    security_txt = output / hosting.SECURITY_TXT
    security_txt.parent.mkdir(parents=True, exist_ok=True)
    security_txt.write_text(
        hosting.security_txt(
            settings["SECURITY_CONTACT"],
            settings["SECURITY_LANGUAGES"],
            settings["SITEURL"],
            _source_epoch(settings),
        ),
        encoding="utf-8",
    )
    minified = minify.minify_tree(output)
    renamed = fingerprint.fingerprint(output, settings["THEME_STATIC_DIR"], settings["SITEURL"])
    languages = list(settings.get("I18N_SUBSITES", {}))
    (output / "_redirects").write_text(
        hosting.netlify_redirects(aliases, hosting.not_found_pages(output, languages)), encoding="utf-8"
    )
    nginx_map = output / hosting.NGINX_MAP
    nginx_map.parent.mkdir(parents=True, exist_ok=True)
    nginx_map.write_text(hosting.nginx_map(aliases), encoding="utf-8")
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


def settle_files(output: Path, source_epoch: int) -> None:
    """Every folder 0755 and file 0644 (the web server reads them as its own user, whatever the build's
    umask), every time the source's date: a rebuild of the same commit changes no Last-Modified or ETag."""
    for path in [*sorted(output.rglob("*")), output]:
        if path.is_symlink():
            raise hosting.HostingError(f"{path} is a symbolic link: the output must hold files and folders only")
        path.chmod(FOLDER_MODE if path.is_dir() else FILE_MODE)
        os.utime(path, (source_epoch, source_epoch))


def finish_after_search(output: Path, source_epoch: int) -> int:
    """The last steps of a production build, after Pagefind; return how many files were precompressed."""
    stable_pagefind_entry(output)
    (output / "_headers").write_text(hosting.netlify_headers(output), encoding="utf-8")
    count = compress.precompress(output)
    settle_files(output, source_epoch)
    return count


def register() -> None:
    signals.finalized.connect(finish)
