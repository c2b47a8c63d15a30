"""One original image made into what the site publishes: upright, sRGB, without metadata, in AVIF and WebP at a
few widths, a thumbnail and a 1200×630 link-preview JPEG. Pillow does it all (AVIF since Pillow 11.2)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, features

from plugins.media.files import heif_available, sniff

# Widths of the text column's images: 360 and 720 CSS px at 1× and 2× on phones, 1080 and 1440 for the 42rem
# column at 1.5× and 2×. None wider than the original (nothing is enlarged).
WIDTHS = (360, 720, 1080, 1440)
# The news list's thumbnail: 120 CSS px (7.5rem) at 1× and 2×, cut to 3:2.
THUMBNAIL_WIDTHS, THUMBNAIL_RATIO = (120, 240), (3, 2)
# What link previews (OpenGraph) take everywhere: 1200 × 630, as JPEG.
OG_SIZE = (1200, 630)
# Chosen by measurement (docs/architecture.md, "Images"): the lowest quality of each format that reaches the
# PSNR of JPEG at 75 on six photographs at 720 px (34.5 dB): AVIF 55 (34.8 dB, 20 KiB on average), WebP 75
# (34.7 dB, 24 KiB); JPEG 75 is 37 KiB. Link previews are JPEG 80 (they are fetched once, by other sites).
ENCODERS = {
    "avif": {"quality": 55, "speed": 6},
    "webp": {"quality": 75, "method": 6},
    "jpeg": {"quality": 80, "optimize": True, "progressive": True},
}
_SAVE_AS = {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG"}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def library_versions() -> dict[str, str]:
    """What the published bytes depend on besides the original and ENCODERS (part of the cache key)."""
    import PIL

    versions = {"pillow": PIL.__version__}
    for codec in ("avif", "webp", "jpg", "littlecms2"):
        versions[codec] = str(features.version(codec))
    if heif_available():
        import pillow_heif

        versions["pillow_heif"] = pillow_heif.__version__
    return versions


def upright_srgb(image: Image.Image) -> Image.Image:
    """The pixels as a viewer shows them: orientation applied first, colour converted to sRGB, RGB or RGBA only;
    nothing of the original's metadata kept (EXIF, GPS, XMP, ICC)."""
    image = ImageOps.exif_transpose(image)
    alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    target = "RGBA" if alpha else "RGB"
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        image = ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode)
    image = image.convert(target)
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean  # a new image: no info, no EXIF, no ICC profile carried over


def _crop(image: Image.Image, ratio: tuple[int, int]) -> Image.Image:
    """The centre of the image cut to `ratio` (width, height)."""
    width, height = image.size
    target_width = min(width, round(height * ratio[0] / ratio[1]))
    target_height = min(height, round(width * ratio[1] / ratio[0]))
    left, top = (width - target_width) // 2, (height - target_height) // 2
    return image.crop((left, top, left + target_width, top + target_height))


def _resized(image: Image.Image, width: int) -> Image.Image:
    if width >= image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode(image: Image.Image, kind: str) -> bytes:
    if kind == "jpeg" and image.mode == "RGBA":
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    buffer = io.BytesIO()
    image.save(buffer, _SAVE_AS[kind], **ENCODERS[kind])
    return buffer.getvalue()


def widths_for(width: int, wanted: tuple[int, ...]) -> list[int]:
    """The widths to publish of an image `width` pixels wide: each wanted one below it, and at most its own."""
    widths = [w for w in wanted if w < width]
    return widths if min(width, wanted[-1]) in widths else [*widths, min(width, wanted[-1])]


def process_raster(source: Path, name: Callable[[str, str], str]) -> tuple[dict, dict[str, bytes]]:
    """The manifest entry of one raster original and the files it publishes; `name(label, suffix)` names a file."""
    if sniff(source) == "heic":
        heif_available()
    with Image.open(source) as opened:
        opened.load()
        image = upright_srgb(opened)
    files: dict[str, bytes] = {}
    entry: dict = {"avif": [], "webp": []}
    for width in widths_for(image.width, WIDTHS):
        scaled = _resized(image, width)
        entry["width"], entry["height"] = scaled.size
        for kind in ("avif", "webp"):
            path = name(str(width), kind)
            files[path] = _encode(scaled, kind)
            entry[kind].append([width, path])
    cropped = _crop(image, THUMBNAIL_RATIO)
    thumbnail: dict = {"avif": [], "webp": []}
    for width in widths_for(cropped.width, THUMBNAIL_WIDTHS):
        scaled = _resized(cropped, width)
        if width == THUMBNAIL_WIDTHS[0] or "width" not in thumbnail:
            thumbnail["width"], thumbnail["height"] = scaled.size
        for kind in ("avif", "webp"):
            path = name(f"thumb-{width}", kind)
            files[path] = _encode(scaled, kind)
            thumbnail[kind].append([width, path])
    entry["thumbnail"] = thumbnail
    og = _resized(_crop(image, OG_SIZE), OG_SIZE[0])
    path = name("og", "jpeg")
    files[path] = _encode(og, "jpeg")
    entry["og"] = {"path": path, "width": og.width, "height": og.height}
    return entry, files


def process_svg(source: Path, name: Callable[[str, str], str]) -> tuple[dict, dict[str, bytes]]:
    """A checked SVG (no scripts, nothing external: plugins/media/files.py) without comments and metadata."""
    import lxml.etree

    tree = lxml.etree.parse(str(source), lxml.etree.XMLParser(resolve_entities=False, no_network=True))
    root = tree.getroot()
    for element in list(root.iter()):
        dropped = not isinstance(element.tag, str) or lxml.etree.QName(element).localname == "metadata"
        if dropped and element.getparent() is not None:
            _remove_keeping_tail(element)
    box = (root.get("viewBox") or "").replace(",", " ").split()
    width = _length(root.get("width")) or (float(box[2]) if len(box) == 4 else 300)
    height = _length(root.get("height")) or (float(box[3]) if len(box) == 4 else 150)
    path = name("", "svg")
    return {"svg": path, "width": round(width), "height": round(height)}, {path: lxml.etree.tostring(root)}


def _remove_keeping_tail(element) -> None:
    """Remove an element (a comment, <metadata>) but not the text after it."""
    parent, previous = element.getparent(), element.getprevious()
    if element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _length(value: str | None) -> float | None:
    try:
        return float((value or "").removesuffix("px"))
    except ValueError:
        return None
