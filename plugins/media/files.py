"""What a media file in content/images/ is, read from its bytes: its format, whether it may be published, and
the facts a link to a document shows (type, size, language). Shared by the content check and the build's
media step (sitebuild/media); nothing here decodes a whole image.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

# Checked before anything is decoded: about 250 megapixels (a 20 000 × 12 500 panorama) and 100 MB.
MAX_PIXELS = 250_000_000
MAX_BYTES = 100_000_000
# Pillow refuses to decode more than this itself (a decompression bomb), whoever opens an image.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

# File-name suffix → the formats a file of that name may be (by its bytes).
IMAGE_SUFFIXES = {
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".png": "png",
    ".webp": "webp",
    ".heic": "heic",
    ".heif": "heic",
    ".gif": "gif",
    ".svg": "svg",
}
DOCUMENT_SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".pptx": "pptx"}
# What a link to a document says its type is.
DOCUMENT_LABELS = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel", "pptx": "PowerPoint"}
SUFFIX_OF = {"jpeg": ".jpg", "png": ".png", "webp": ".webp", "heic": ".heic", "gif": ".gif", "svg": ".svg"}
SUFFIX_OF.update({kind: f".{kind}" for kind in DOCUMENT_LABELS})
_OOXML_PART = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
_SVG_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]", re.DOTALL)


@dataclass(frozen=True)
class Finding:
    """Why a file cannot be published (an error) or what it lacks (a note), and how to fix it."""

    message: str
    fix: str
    severity: str = "error"


def sniff(path: Path) -> str | None:
    """The format of a file by its first bytes ("jpeg", "png", "pdf", "docx", ...), None if none we know."""
    with open(path, "rb") as file:
        head = file.read(512)
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis", b"hevc"):
        return "heic"
    if head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis"):
        return "avif"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            return next((kind for part, kind in _OOXML_PART.items() if any(n.startswith(part) for n in names)), None)
        return None
    if _SVG_START.match(head) or (head.lstrip().startswith(b"<") and b"<svg" in head):
        return "svg"
    return None


def kind_of(path: Path) -> str | None:
    """ "image" or "document" by the file name, None for a file the site does not publish."""
    suffix = path.suffix.lower()
    return "image" if suffix in IMAGE_SUFFIXES else "document" if suffix in DOCUMENT_SUFFIXES else None


def _ends_whole(path: Path, kind: str) -> bool:
    """Whether the file ends where its format says it ends (a cut-off upload does not)."""
    size = path.stat().st_size
    with open(path, "rb") as file:
        if kind == "jpeg":
            file.seek(max(0, size - 64))
            return b"\xff\xd9" in file.read()
        if kind == "png":
            file.seek(max(0, size - 12))
            return b"IEND" in file.read()
        if kind == "webp":
            file.seek(4)
            return int.from_bytes(file.read(4), "little") + 8 <= size
    return True


def image_findings(path: Path) -> list[Finding]:
    """What stops an image from being published: size, a format other than its name says, damage,
    animation, active SVG content; checked from its header, before any pixel is decoded."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        return [
            Finding(
                f"the image is {size / 1e6:.0f} MB, more than the {MAX_BYTES // 1_000_000} MB this site takes",
                "export it smaller, e.g. as JPEG at most 6000 pixels wide",
            )
        ]
    expected, actual = IMAGE_SUFFIXES[path.suffix.lower()], sniff(path)
    if actual != expected:
        if actual is None:
            return [Finding(f"{path.name} is not an image ({expected.upper()} by its name)", "export it again as JPEG")]
        return [
            Finding(
                f"{path.name} is a {actual.upper()} file, not the {expected.upper()} its name says",
                f"rename it to {path.stem}{SUFFIX_OF.get(actual, '.' + actual)} and write that name where it is used"
                if actual in IMAGE_SUFFIXES.values()
                else "export it again as JPEG",
            )
        ]
    if actual == "svg":
        return svg_findings(path)
    if actual == "heic" and not heif_available():
        return [Finding("HEIC photos cannot be read by this build", "export it as JPEG")]
    try:
        width, height, frames = _header(path)
    except OSError:
        return [Finding(f"{path.name} is damaged and cannot be read", "export it again from the original as JPEG")]
    if width * height > MAX_PIXELS:
        return [
            Finding(
                f"the image is {width} × {height} pixels, more than {MAX_PIXELS // 1_000_000} megapixels",
                "export it smaller, e.g. at most 6000 pixels wide",
            )
        ]
    if not _ends_whole(path, actual):
        return [Finding(f"{path.name} is cut off (incomplete)", "copy or export it again from the original")]
    if actual == "gif" and frames > 1:
        return [
            Finding(
                "an animated GIF: the site publishes no moving images (they cannot be paused)",
                "save the one frame that says what you mean as PNG or JPEG, or link to a video instead",
            )
        ]
    return []


def _header(path: Path) -> tuple[int, int, int]:
    """Width, height and frame count from the file's header: no pixel is decoded, so Pillow's own bomb check
    (which would refuse without saying the size) is not needed here; `image_findings` compares with MAX_PIXELS."""
    limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with Image.open(path) as image:
            return *image.size, getattr(image, "n_frames", 1)
    finally:
        Image.MAX_IMAGE_PIXELS = limit


def svg_findings(path: Path) -> list[Finding]:
    """An SVG may not run scripts or load anything from elsewhere."""
    import lxml.etree

    try:
        root = lxml.etree.parse(str(path), lxml.etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except lxml.etree.XMLSyntaxError as error:
        return [Finding(f"the SVG cannot be read ({error.msg})", "export it again from the drawing program")]
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = lxml.etree.QName(element).localname.lower()
        if name in ("script", "foreignobject", "iframe", "embed", "object"):
            return [Finding(f"the SVG contains <{name}>", "export it again without scripts, or as PNG")]
        for attribute, value in element.attrib.items():
            local = lxml.etree.QName(attribute).localname.lower()
            if local.startswith("on"):
                return [Finding(f"the SVG has an event handler {local}=", "export it again without scripts, or as PNG")]
            if local == "href" and not value.startswith("#"):
                return [
                    Finding(
                        f"the SVG loads {value[:60]!r} from outside itself",
                        "embed the picture in the SVG (or export it as PNG)",
                    )
                ]
        if name == "style" and re.search(r"url\(\s*['\"]?(?!#)|@import", element.text or ""):
            return [Finding("the SVG's style loads something from outside itself", "export it again, or as PNG")]
    return []


def heif_available() -> bool:
    """Whether HEIC photos can be read here (pillow-heif registers itself with Pillow)."""
    try:
        import pillow_heif
    except ImportError:
        return False
    pillow_heif.register_heif_opener()
    return True


def document_findings(path: Path) -> list[Finding]:
    """A document must be what its name says; a PDF without title, language or tags gets notes."""
    expected, actual = DOCUMENT_SUFFIXES[path.suffix.lower()], sniff(path)
    if actual != expected:
        what = "not a document this site publishes" if actual is None else f"a {actual.upper()} file"
        return [
            Finding(
                f"{path.name} is {what}, not the {expected.upper()} its name says",
                f"rename it to {path.stem}{SUFFIX_OF[actual]}" if actual in SUFFIX_OF else "export it again as PDF",
            )
        ]
    return pdf_notes(path) if actual == "pdf" else []


def pdf_notes(path: Path) -> list[Finding]:
    """What makes a PDF hard to use with a screen reader: no title, no language, no tags (notes, not errors)."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            title = str(pdf.docinfo.get("/Title", "")).strip()
            if not title:
                with pdf.open_metadata() as xmp:
                    title = (xmp.get("dc:title") or "").strip()
            lang = str(pdf.Root.get("/Lang", "")).strip()
            mark = pdf.Root.get("/MarkInfo")
            tagged = bool(mark is not None and mark.get("/Marked", False)) and "/StructTreeRoot" in pdf.Root
    except pikepdf.PdfError as error:
        # A reader may still open it: a note, as for a PDF without tags, not a refusal.
        return [
            Finding(
                f"the PDF's title, language and tags cannot be checked ({error})",
                "export it again from the original document, with a title, its language and tags",
                severity="note",
            )
        ]
    missing = [
        what
        for what, present in (("a title", title), ("a language", lang), ("tags (its structure)", tagged))
        if not present
    ]
    if not missing:
        return []
    return [
        Finding(
            f"the PDF has no {' and no '.join(item.removeprefix('a ') for item in missing)}: hard to use with a"
            " screen reader",
            "export it again from Word or LibreOffice with a title (File → Properties), the document's language and"
            " 'tagged PDF' (accessibility) switched on; or publish the text as a page too",
            severity="note",
        )
    ]


def document_language(path: Path) -> str | None:
    """The language a document declares (a PDF's /Lang, an Office file's dc:language), as a primary code."""
    found = ""
    if sniff(path) == "pdf":
        import pikepdf

        try:
            with pikepdf.open(path) as pdf:
                found = str(pdf.Root.get("/Lang", ""))
        except pikepdf.PdfError:
            return None
    elif sniff(path) in DOCUMENT_LABELS:
        with zipfile.ZipFile(path) as archive:
            if "docProps/core.xml" in archive.namelist():
                match = re.search(rb"<dc:language>([^<]+)</dc:language>", archive.read("docProps/core.xml"))
                found = match.group(1).decode() if match else ""
    code = found.strip().replace("_", "-").split("-")[0].lower()
    return code or None
