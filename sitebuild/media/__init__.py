"""The build's media step: every image and document the content uses, published once for all languages.

Before Pelican: the files the checked content (the ContentIndex) shows or links to under MEDIA_PATHS are made
into what the site publishes (images: `encode.py`; documents: copied as they are) and written into the output
once, at the main site's `/images/...`, never per language; the originals are never published. Processed images
are kept in a cache outside the output (`.cache/media/`), keyed by the original's bytes, the encoder settings
and the library versions, so a rebuild with unchanged images encodes nothing. `manifest.json` tells Pelican's
side (plugins/media) what was written.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .. import FILE_MODE, FOLDER_MODE, ROOT, BuildError, shown
from . import encode

CACHE = ROOT / ".cache" / "media"
# Part of every cache key: a change of the code's output format or of an encoder setting makes new files.
FORMAT_VERSION = 1
KEY_LENGTH = 10


@dataclass
class Published:
    """What the media step did: the manifest for Pelican, and counts for the build's summary."""

    manifest: dict = field(default_factory=lambda: {"images": {}, "documents": {}})
    encoded: int = 0
    cached: int = 0
    documents: int = 0

    def summary(self) -> str:
        return (
            f"images {self.encoded + self.cached} ({self.encoded} encoded, {self.cached} from the cache),"
            f" documents {self.documents}"
        )


def media_folders(settings: dict) -> list[str]:
    return list(settings.get("MEDIA_PATHS", ["images"]))


def used_media(index) -> dict[str, bool]:
    """Every media file (a path in the content folder, "images/x.jpg") the content uses: True when an item that
    is published now uses it, False when only drafts and items dated later do."""
    used: dict[str, bool] = {}
    for doc in index.docs:
        for rel, live in doc_media(doc, index).items():
            used[rel] = used.get(rel, False) or live
    return dict(sorted(used.items()))


def doc_media(doc, index) -> dict[str, bool]:
    """The media files one item uses, each True when the item is published now."""
    from plugins.media.files import kind_of

    folders = media_folders(index.settings)
    live = doc.status == "published" and not index.is_future(doc)
    paths = []
    if doc.value("image"):
        paths.append(doc.value("image"))
    paths += [url.removeprefix("{static}") for url in doc.static_links]
    used = {}
    for path in paths:
        rel = PurePosixPath(path.split("#")[0].split("?")[0].lstrip("/")).as_posix()
        if rel.split("/")[0] in folders and kind_of(Path(rel)):
            used[rel] = live
    return used


def cache_key(data: bytes) -> str:
    digest = hashlib.sha256(_key_settings())
    digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


@functools.cache
def _key_settings() -> bytes:
    """The part of every cache key that is not the original: the encoders' settings and the libraries' versions
    (the same for every image of a process)."""
    settings = {
        "format": FORMAT_VERSION,
        "encoders": encode.ENCODERS,
        "widths": encode.WIDTHS,
        "thumbnail": [encode.THUMBNAIL_WIDTHS, encode.THUMBNAIL_RATIO],
        "og": encode.OG_SIZE,
        "libraries": encode.library_versions(),
    }
    return json.dumps(settings, sort_keys=True).encode()


def _processed(source: Path, rel: str, cache: Path) -> tuple[dict, Path, bool]:
    """The manifest entry of an image and the cache folder holding its files; True when it was encoded now."""
    from plugins.media.files import sniff

    key = cache_key(source.read_bytes())
    folder = cache / key[:2] / key
    entry_file = folder / "entry.json"
    if entry_file.is_file():
        return json.loads(entry_file.read_text(encoding="utf-8")), folder, False
    stem = PurePosixPath(rel)

    def name(label: str, kind: str) -> str:
        suffix = "jpg" if kind == "jpeg" else kind
        return str(stem.with_name(f"{stem.stem}{'-' + label if label else ''}.{key[:KEY_LENGTH]}.{suffix}"))

    try:
        if sniff(source) == "svg":
            entry, files = encode.process_svg(source, name)
        else:
            entry, files = encode.process_raster(source, name)
    except (OSError, ValueError, SyntaxError) as error:
        raise BuildError(
            f"{shown(source)}: the image cannot be read ({error}) — export it again from the original as JPEG"
            " (`invoke check` checks every image)"
        ) from None
    staging = folder.with_name(f".{key}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    for path, data in files.items():
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (staging / "entry.json").write_text(json.dumps(entry, sort_keys=True), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)  # a cache entry is complete or absent, even if a build is stopped half-way
    return entry, folder, True


def _write(source: Path, target: Path, link: bool = False, folder_made: bool = False) -> None:
    """Copy `source` to `target`; with `link`, a hard link where the file system allows (a cached rendition: the
    cache replaces an entry as a whole and never writes into its files, and no later step writes into images)."""
    if not folder_made:
        target.parent.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    linked = False
    if link:
        with contextlib.suppress(OSError):  # another file system: copied instead
            os.link(source, target)
            linked = True
    if not linked:
        shutil.copyfile(source, target)
    target.chmod(FILE_MODE)


def publish_media(index, output: Path, cache: Path = CACHE) -> Published:
    """Write every image and document published content uses into `output`, once; return the manifest."""
    from plugins.media.files import DOCUMENT_LABELS, document_language, kind_of, sniff

    published = Published()
    content = index.content_dir
    for rel, live in used_media(index).items():
        source = content / rel
        if not source.is_file():
            continue  # the content check has said so, with the line
        if kind_of(source) == "document":
            kind = sniff(source) or source.suffix.lower().lstrip(".")
            published.manifest["documents"][rel] = {
                "path": rel,
                "kind": kind,
                "type": DOCUMENT_LABELS.get(kind, kind.upper()),
                "bytes": source.stat().st_size,
                "lang": document_language(source),
            }
            if live:
                _write(source, output / rel)
                published.documents += 1
            continue
        entry, folder, encoded = _processed(source, rel, cache)
        published.manifest["images"][rel] = entry
        if encoded:
            published.encoded += 1
        else:
            published.cached += 1
        if live:
            _link_renditions(folder, output)
    return published


def _link_renditions(folder: Path, output: Path) -> None:
    """Every file of a cache entry but its entry.json into `output`, at the same place (os.walk and a folder made
    once: some 20,000 renditions at 2,000 pairs, where pathlib's rglob and one mkdir a file cost a second)."""
    for top, _folders, files in os.walk(folder):
        names = [name for name in files if name != "entry.json"]
        if not names:
            continue
        target = Path(output, os.path.relpath(top, folder))
        target.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
        for name in names:
            _write(Path(top, name), target / name, link=True, folder_made=True)


def document_notes(settings: dict) -> list[str]:
    """A note for each PDF in the media folders that lacks a title, a language or tags (the publish summary)."""
    from plugins.media.files import pdf_notes, sniff

    content = Path(settings["PATH"])
    notes = []
    for folder in media_folders(settings):
        for path in sorted((content / folder).rglob("*.pdf")) if (content / folder).is_dir() else []:
            if sniff(path) == "pdf":
                notes += [f"{shown(path)}: {note.message} — {note.fix}" for note in pdf_notes(path)]
    return notes
