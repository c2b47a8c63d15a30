"""Media fixtures the tests make themselves: photos with private metadata, odd colour modes, broken and hostile
files, PDFs with and without what a screen reader needs. Nothing is downloaded; every file is deterministic."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw

# What the private metadata of the camera photo says (and what no published file may contain).
CAMERA_SERIAL = "SN-4711-BATTERY"
GPS_LATITUDE = (64.0, 45.0, 12.34)  # Skellefteå, 64° 45′ N


def scene(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """A picture with structure (sky, ground, a sun in the upper left) so that scaling and rotation show."""
    width, height = size
    image = Image.new("RGB", size, (90, 150, 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height * 2 // 3, width, height), fill=(40, 120, 60))
    radius = max(4, min(size) // 8)
    draw.ellipse((radius, radius, radius * 3, radius * 3), fill=(250, 210, 40))
    for x in range(0, width, max(8, width // 40)):
        draw.line((x, height * 2 // 3, x + width // 20, height), fill=(30, 90, 40), width=max(1, width // 400))
    return image.convert(mode) if mode != "RGB" else image


def camera_photo(path: Path, size: tuple[int, int] = (3000, 2000), orientation: int = 6) -> Path:
    """A large JPEG as a phone writes it: EXIF with GPS position, camera serial and an orientation (6: the camera
    was turned, the stored pixels are landscape, the photo is portrait)."""
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010F] = "Battery Camera Co"  # Make
    exif[0x0110] = "Model 1"  # Model
    exif.get_ifd(0x8769)[0xA431] = CAMERA_SERIAL  # Exif IFD: BodySerialNumber
    gps = exif.get_ifd(0x8825)  # GPS IFD
    gps.update({1: "N", 2: GPS_LATITUDE, 3: "E", 4: (20.0, 57.0, 0.0)})
    path.parent.mkdir(parents=True, exist_ok=True)
    scene(size).save(path, "JPEG", quality=90, exif=exif)
    return path


def transparent_png(path: Path, size: tuple[int, int] = (800, 600)) -> Path:
    """A PNG whose left half is transparent."""
    image = scene(size).convert("RGBA")
    image.paste((0, 0, 0, 0), (0, 0, size[0] // 2, size[1]))
    image.save(path, "PNG")
    return path


def cmyk_jpeg(path: Path, size: tuple[int, int] = (1200, 800)) -> Path:
    """A JPEG in CMYK, as print workflows export them."""
    scene(size).convert("CMYK").save(path, "JPEG", quality=90)
    return path


def animated_gif(path: Path) -> Path:
    frames = [scene((200, 100)), scene((200, 100)).transpose(Image.Transpose.FLIP_LEFT_RIGHT)]
    frames[0].save(path, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    return path


def svg_with_script(path: Path) -> Path:
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script>'
        '<rect width="10" height="10"/></svg>',
        encoding="utf-8",
    )
    return path


def clean_svg(path: Path) -> Path:
    path.write_text(
        '<?xml version="1.0"?>\n<!-- drawn by hand -->\n<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"'
        ' viewBox="0 0 40 20"><metadata>author: someone@example.org</metadata><title>Battery</title>'
        '<rect width="36" height="20" fill="#1d5a8c"/><rect x="36" y="6" width="4" height="8"/></svg>',
        encoding="utf-8",
    )
    return path


def truncated_jpeg(path: Path) -> Path:
    """A JPEG cut off half-way, as an interrupted upload leaves it."""
    buffer = io.BytesIO()
    scene((800, 600)).save(buffer, "JPEG", quality=90)
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    return path


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def decompression_bomb(path: Path, side: int = 30_000) -> Path:
    """A PNG of a few hundred bytes that claims `side` × `side` pixels (900 megapixels unpacked)."""
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = zlib.compress(b"\x00" * (side + 1) * 4, 9)  # the first rows only: the rest is never reached
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b""))
    return path


def heic_photo(path: Path, size: tuple[int, int] = (1600, 1200)) -> Path:
    """An iPhone-style HEIC (pillow-heif writes it)."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    scene(size).save(path, "HEIF", quality=80)
    return path


def pdf(path: Path, *, title: str | None = None, lang: str | None = None, tagged: bool = False, pad: int = 0) -> Path:
    """A one-page PDF (pikepdf), optionally with a title, a /Lang and a structure tree; `pad` bytes of padding
    make it as large as a real report."""
    import pikepdf

    document = pikepdf.new()
    document.add_blank_page(page_size=(595, 842))
    if title is not None:
        document.docinfo["/Title"] = title
    if lang is not None:
        document.Root.Lang = pikepdf.String(lang)
    if tagged:
        document.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        document.Root.StructTreeRoot = document.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    if pad:
        document.Root.Padding = document.make_indirect(pikepdf.Stream(document, bytes(pad)))
    document.save(path, compress_streams=False, deterministic_id=True)
    return path


def docx(path: Path, lang: str = "en") -> Path:
    """The smallest Word file the media step recognises: an OOXML package that declares its language."""
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><document/>')
        archive.writestr(
            "docProps/core.xml",
            '<?xml version="1.0"?><cp:coreProperties xmlns:cp="x" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:language>{lang}</dc:language></cp:coreProperties>",
        )
    return path
