"""Production post-processing: the finished site turned into what the host serves (publishconf.py's builds).

Two steps of the build (sitebuild.build), around the search index:

`before_search`, on the site Pelican wrote: security.txt (host_files), HTML and CSS minified (minify), the fonts
cut down to the characters the pages show (fonts), content hashes in the theme's asset names with every reference
rewritten (fingerprint), the legacy redirects for nginx and Netlify-style hosts (host_files). Pagefind then indexes
the minified pages.

`after_search`: `_headers` (which names every file that may be cached
for good, Pagefind's index included), `.gz` and `.br` beside every text file (compress), and every file and
folder the same mode (readable by the web server's user) and time (the source's date), so a rebuild of the same
commit changes no Last-Modified or ETag.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from plugins.content_check.aliases import Alias
from plugins.content_check.old_addresses import OldAddress

from .. import FILE_MODE, FOLDER_MODE
from . import compress, fingerprint, fonts, host_files, minify


@dataclass(frozen=True)
class Processed:
    """What `before_search` did, for the build's summary."""

    minified: int
    fonts: dict[str, tuple[int, int]]  # file → bytes before and after subsetting
    fingerprinted: int
    redirects: int


def before_search(
    output: Path,
    settings: dict,
    aliases: list[Alias],
    source_epoch: int,
    old: list[OldAddress] = (),
    media: dict | None = None,
) -> Processed:
    """security.txt, minified pages and styles, fingerprinted assets, redirect files; before Pagefind.

    `old` are the old WordPress addresses (plugins/content_check/old_addresses); one that leads to an image or
    document leads to what the media step published (`media`, its manifest), and is left out when nothing was.
    """
    security_txt = output / host_files.SECURITY_TXT
    security_txt.parent.mkdir(parents=True, exist_ok=True)
    security_txt.write_text(
        host_files.security_txt(
            settings["SECURITY_CONTACT"], host_files.preferred_languages(settings), settings["SITEURL"], source_epoch
        ),
        encoding="utf-8",
    )
    minified = minify.minify_tree(output)
    subset = fonts.subset_fonts(output, f"{settings['THEME_STATIC_DIR']}/fonts")
    renamed = fingerprint.fingerprint(output, settings["THEME_STATIC_DIR"], settings["SITEURL"])
    subsites = [code for code in settings["LANGUAGES"] if code != settings["DEFAULT_LANG"]]
    not_found = host_files.not_found_pages(output, subsites)
    old = resolve_media(old, output, media or {})
    search = host_files.search_pages(settings)
    (output / "_redirects").write_text(
        host_files.netlify_redirects(aliases, not_found, old, search, settings["DEFAULT_LANG"]), encoding="utf-8"
    )
    nginx_map = output / host_files.NGINX_MAP
    nginx_map.parent.mkdir(parents=True, exist_ok=True)
    nginx_map.write_text(host_files.nginx_map(aliases, old), encoding="utf-8")
    (output / host_files.NGINX_SEARCH_MAP).write_text(
        host_files.nginx_search_map(search, settings["DEFAULT_LANG"]), encoding="utf-8"
    )
    (output / host_files.NGINX_NOT_FOUND_MAP).write_text(host_files.nginx_not_found_map(not_found), encoding="utf-8")
    return Processed(minified, subset.sizes, len(renamed), len(aliases) + len(old))


def resolve_media(old: list[OldAddress], output: Path, media: dict) -> list[OldAddress]:
    """Old addresses of images and documents lead to the file the build published; those of files it did not
    publish (used only by drafts and items dated later) are left out."""
    resolved = []
    for address in old:
        if not address.media:
            resolved.append(address)
            continue
        published = host_files.published_file(address.media, output, media)
        if published is not None:
            resolved.append(replace(address, target=published))
    return resolved


def settle_files(output: Path, source_epoch: int) -> None:
    """Every folder 0755 and file 0644 (the web server reads them as its own user, whatever the build's
    umask), every time the source's date: a rebuild of the same commit changes no Last-Modified or ETag."""
    for path in [*sorted(output.rglob("*")), output]:
        if path.is_symlink():
            raise host_files.HostingError(f"{path} is a symbolic link: the output must hold files and folders only")
        path.chmod(FOLDER_MODE if path.is_dir() else FILE_MODE)
        os.utime(path, (source_epoch, source_epoch))


def after_search(output: Path, source_epoch: int) -> int:
    """The last steps, after Pagefind; return how many files were precompressed."""
    (output / "_headers").write_text(host_files.netlify_headers(output), encoding="utf-8")
    count = compress.precompress(output)
    settle_files(output, source_epoch)
    return count
