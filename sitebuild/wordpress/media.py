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


@dataclass(frozen=True)
class Attachment:
    """One attachment item of an upload: WPML Media and Polylang's media translation give each language its own, with
    its own alt text and parent, for the same file."""

    post_id: int
    alt: str = ""
    parent: int = 0
    menu_order: int = 0


@dataclass(frozen=True)
class Description:
    """What an item may use as an image's alt text: `alt`, or nothing because the attachment's is in another language
    (`other_language`, "" when the attachment has none recorded and the item is not in the site's main language)."""

    alt: str = ""
    other_language: str | None = None
    # Alt texts the item must not show (another language's): refused in an <img> too, where WordPress copied the
    # attachment's alt text when the image was inserted.
    refused: tuple[str, ...] = ()


@dataclass
class Upload:
    """One uploaded file and its renditions, as paths inside the uploads folder ("2022/09/photo.jpg")."""

    original: str
    # The file copied: the original, or (reported) the largest copy WordPress kept when the original is missing.
    source: str | None = None
    renditions: set[str] = field(default_factory=set)
    attachments: list[Attachment] = field(default_factory=list)  # one per language where media were translated

    @property
    def paths(self) -> set[str]:
        return {self.original, *self.renditions}

    @property
    def attachment_id(self) -> int | None:
        return self.attachments[0].post_id if self.attachments else None

    def description(self, attachment_id: int | None, lang: str, main: str, languages: dict[int, str]) -> Description:
        """The alt text an item in `lang` may show for this upload (named by `attachment_id` where it was inserted),
        given each attachment's language (`languages`, absent where the media were not translated)."""
        described = [a for a in self.attachments if a.alt]

        def usable(attachment: Attachment) -> bool:
            written_in = languages.get(attachment.post_id)
            return written_in == lang or (written_in is None and lang == main)

        kept = {a.alt for a in described if usable(a)}
        refused = tuple(dict.fromkeys(a.alt for a in described if not usable(a) and a.alt not in kept))
        own = [a for a in described if languages.get(a.post_id) == lang]
        if own:
            # The attachment in the item's language (WPML Media, Polylang's media translation), whichever it named.
            return Description(next((a for a in own if a.post_id == attachment_id), own[0]).alt, refused=refused)
        named = next((a for a in self.attachments if a.post_id == attachment_id), None)
        named = named or (self.attachments[0] if self.attachments else None)
        if named is None or not named.alt:
            return Description(refused=refused)
        written_in = languages.get(named.post_id)
        if written_in is None and lang == main:
            # Media not translated: one alt text for every language, in which nobody recorded. The main language's
            # items keep it; the others' are refused, since nothing says it is in theirs.
            return Description(named.alt, refused=refused)
        return Description(other_language=written_in or "", refused=refused)


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
            attachment = Attachment(
                item.post_id, item.meta.get("_wp_attachment_image_alt", "").strip(), item.parent, item.menu_order
            )
            known = self.by_path.get(original)
            if known is not None and known.attachments:
                # Another language's attachment of the same file: one upload, published once.
                known.attachments.append(attachment)
                self.by_id[item.post_id] = known
                continue
            upload = Upload(original=original, attachments=[attachment])
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
        for attachment in upload.attachments:
            self.by_id[attachment.post_id] = upload
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

    def children(self, parent: int) -> list[int]:
        """The attachments (IDs) of an item, in the order a `[gallery]` without ids shows them."""
        found = {a.post_id: a for u in self.by_id.values() for a in u.attachments if a.parent == parent}
        return [a.post_id for a in sorted(found.values(), key=lambda a: (a.menu_order, a.post_id))]


def _rendition_rank(path: str) -> tuple[int, int]:
    """The best copy first: "-scaled" (the large one WordPress serves), then the largest size."""
    if "-scaled." in path:
        return (0, 0)
    size = re.search(r"-(\d+)x(\d+)\.[^.]+$", path)
    return (1, -(int(size.group(1)) * int(size.group(2)))) if size else (2, 0)
