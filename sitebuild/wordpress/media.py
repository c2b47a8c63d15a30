"""Uploads: each attachment's original file (never a `-1024x576` or `-scaled` rendition), the names its copies
get in content/images/, and which upload an old address (original or rendition) stands for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from . import phpserial
from .wxr import Export

DEFAULT_PREFIX = "/wp-content/uploads/"
# What WordPress adds to a file's name for its renditions: sizes, big-image scaling, rotation, edits.
RENDITION = re.compile(r"^(?P<stem>.+?)(?:-(?:\d+x\d+|scaled|rotated|e\d{10,13}))+(?P<ext>\.[A-Za-z0-9]+)$")


@dataclass
class Upload:
    """One uploaded file and its renditions, as paths inside the uploads folder ("2022/09/photo.jpg")."""

    original: str
    attachment_id: int | None = None
    alt: str = ""
    title: str = ""
    # The file copied: the original, or (reported) the largest copy WordPress kept when the original is missing.
    source: str | None = None
    renditions: set[str] = field(default_factory=set)
    parent: int = 0
    menu_order: int = 0

    @property
    def paths(self) -> set[str]:
        return {self.original, *self.renditions}


def _meta(value: str) -> dict:
    try:
        data = phpserial.loads(value) if phpserial.is_serialized(value) else None
    except phpserial.PHPSerialError:
        data = None
    return data if isinstance(data, dict) else {}


def upload_prefix(export: Export) -> str:
    """The site path under which uploads were served, from the attachments' addresses."""
    for item in export.items_of("attachment"):
        attached = item.meta.get("_wp_attached_file", "")
        path = unquote(urlsplit(item.attachment_url).path)
        if attached and path.endswith("/" + attached):
            return path[: -len(attached)]
    return DEFAULT_PREFIX


class Media:
    """Every upload the export knows and every file in the uploads folder, by path and by attachment ID."""

    def __init__(self, export: Export, uploads: Path | None):
        self.uploads = Path(uploads) if uploads else None
        self.prefix = upload_prefix(export)
        self.site_hosts = {urlsplit(export.site_url).hostname or "", urlsplit(export.blog_url).hostname or ""}
        self.by_id: dict[int, Upload] = {}
        self.by_path: dict[str, Upload] = {}
        self.on_disk: set[str] = set()
        if self.uploads and self.uploads.is_dir():
            self.on_disk = {
                path.relative_to(self.uploads).as_posix()
                for path in self.uploads.rglob("*")
                if path.is_file() and not any(part.startswith(".") for part in path.relative_to(self.uploads).parts)
            }
        for item in export.items_of("attachment"):
            attached = item.meta.get("_wp_attached_file", "").strip() or self._from_url(item.attachment_url) or ""
            if not attached:
                continue
            data = _meta(item.meta.get("_wp_attachment_metadata", ""))
            folder = str(PurePosixPath(attached).parent)
            folder = "" if folder == "." else folder + "/"
            original = folder + str(data["original_image"]) if data.get("original_image") else attached
            upload = Upload(
                original=original,
                attachment_id=item.post_id,
                alt=item.meta.get("_wp_attachment_image_alt", "").strip(),
                title=item.title,
                parent=item.parent,
                menu_order=item.menu_order,
            )
            upload.renditions.add(attached)
            sizes = data.get("sizes")
            for size in sizes.values() if isinstance(sizes, dict) else ():
                if isinstance(size, dict) and size.get("file"):
                    upload.renditions.add(folder + str(size["file"]))
            upload.renditions.discard(original)
            self._add(upload)
        # Renditions on disk that the metadata does not name (sizes added by a theme), and files without attachments.
        for path in sorted(self.on_disk):
            if path in self.by_path:
                continue
            match = RENDITION.match(path)
            base = self.by_path.get(f"{match.group('stem')}{match.group('ext')}") if match else None
            if base is not None:
                base.renditions.add(path)
                self.by_path[path] = base
        for path in sorted(self.on_disk):
            if path not in self.by_path:
                self._add(Upload(original=path))
        for upload in {id(u): u for u in self.by_path.values()}.values():
            if upload.original in self.on_disk:
                upload.source = upload.original
            else:
                kept = sorted((p for p in upload.renditions if p in self.on_disk), key=_rendition_rank)
                upload.source = kept[0] if kept else None

    def _add(self, upload: Upload) -> None:
        if upload.attachment_id is not None:
            self.by_id[upload.attachment_id] = upload
        for path in upload.paths:
            self.by_path.setdefault(path, upload)

    def _from_url(self, url: str) -> str | None:
        parts = urlsplit(url)
        if parts.hostname and parts.hostname.lower().removeprefix("www.") not in {
            host.removeprefix("www.") for host in self.site_hosts if host
        }:
            return None
        path = unquote(parts.path)
        return path[len(self.prefix) :] if path.startswith(self.prefix) else None

    def find(self, url: str) -> tuple[str, Upload | None, str]:
        """("upload", the upload, path) for an address in the uploads; ("missing", None, path) for one the export
        and the folder do not have; ("other", None, "") for any other address."""
        path = self._from_url(url.strip())
        if path is None:
            return "other", None, ""
        upload = self.by_path.get(path)
        if upload is None:
            match = RENDITION.match(path)
            upload = self.by_path.get(f"{match.group('stem')}{match.group('ext')}") if match else None
        if upload is None or upload.source is None:
            return "missing", None, path
        return "upload", upload, path

    def children(self, parent: int) -> list[Upload]:
        """The images attached to an item, in the order a `[gallery]` without ids shows them."""
        found = [u for u in self.by_id.values() if u.parent == parent]
        return sorted(found, key=lambda upload: (upload.menu_order, upload.attachment_id or 0))


def _rendition_rank(path: str) -> tuple[int, int]:
    """The best copy first: "-scaled" (the large one WordPress serves), then the largest size."""
    if "-scaled." in path:
        return (0, 0)
    size = re.search(r"-(\d+)x(\d+)\.[^.]+$", path)
    return (1, -(int(size.group(1)) * int(size.group(2)))) if size else (2, 0)
