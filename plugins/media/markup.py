"""The markup of published media: `<picture>` for an image of the media manifest, and a document link's text
that says its type, size and, when it is not the page's, its language."""

from __future__ import annotations

import html
import re

from babel import Locale
from babel.units import format_unit
from markupsafe import Markup

from plugins.urls import join_url

# The column of text is 44rem less 1rem padding each side (main.css --br-measure); narrower, the viewport less it.
CONTENT_SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
THUMBNAIL_SIZES = "7.5rem"
TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
_NBSP = "\u00a0"


def _srcset(siteurl: str, variants: list[list]) -> str:
    return ", ".join(f"{join_url(siteurl, path)} {width}w" for width, path in variants)


def picture(entry: dict, alt: str, siteurl: str, *, lazy: bool, thumbnail: bool = False, css_class: str = "") -> Markup:
    """`<picture>`: AVIF first, WebP in the `<img>` (every browser since 2020), every width in `srcset`,
    `width`/`height` so the page does not move as it loads; `loading="lazy"` only below the fold."""
    if "svg" in entry:
        attributes = {"src": join_url(siteurl, entry["svg"]), "width": entry["width"], "height": entry["height"]}
        sizes, sources = None, []
    else:
        shape = entry["thumbnail"] if thumbnail else entry
        sizes = THUMBNAIL_SIZES if thumbnail else CONTENT_SIZES
        fallback = shape["webp"][min(1, len(shape["webp"]) - 1)]
        attributes = {
            "src": join_url(siteurl, fallback[1]),
            "srcset": _srcset(siteurl, shape["webp"]),
            "sizes": sizes,
            "width": shape["width"],
            "height": shape["height"],
        }
        sources = [(TYPES["avif"], _srcset(siteurl, shape["avif"]))]
    attributes.update(alt=alt, decoding="async")
    if lazy:
        attributes["loading"] = "lazy"
    if css_class:
        attributes["class"] = css_class
    img = "<img " + " ".join(f'{name}="{html.escape(str(value))}"' for name, value in attributes.items()) + ">"
    if not sources:
        return Markup(img)
    source_tags = "".join(f'<source type="{kind}" srcset="{srcset}" sizes="{sizes}">' for kind, srcset in sources)
    return Markup(f"<picture>{source_tags}{img}</picture>")


def file_size(size: int, locale: str) -> str:
    """ "1,2 MB" / "1,2 Mt", "340 kB": decimal units (1 MB is 10⁶ bytes, as CLDR's megabyte), a no-break space."""
    if size >= 999_500:
        value, unit = round(size / 1e6, 1), "digital-megabyte"
    else:
        value, unit = max(1, round(size / 1e3)), "digital-kilobyte"
    return format_unit(value, unit, length="short", format="#,##0.#", locale=locale).replace(" ", _NBSP)


def document_suffix(entry: dict, page_lang: str, locale: str) -> str:
    """What a link to a document adds to its text: "(PDF, 1,2 MB)", with the document's language if not the page's."""
    parts = [entry["type"], file_size(entry["bytes"], locale)]
    if entry.get("lang") and entry["lang"] != page_lang:
        parts.append(Locale.parse(locale).languages.get(entry["lang"], entry["lang"]))
    return f"({', '.join(parts)})"


_IMG = re.compile(r"<img\b(?P<attributes>[^>]*)>", re.IGNORECASE)
_LINK = re.compile(
    r"<a\b(?P<before>[^>]*?)\bhref=\"\{static\}/?(?P<path>[^\"#?]+)\"(?P<after>[^>]*)>(?P<text>.*?)</a>", re.DOTALL
)
_ATTRIBUTE = re.compile(r"([\w:-]+)\s*=\s*\"([^\"]*)\"")
_WRITTEN_TYPE = re.compile(r"\s*\((?:pdf|docx?|xlsx?|pptx?)\b[^)]*\)\s*$", re.IGNORECASE)


class MissingMediaError(Exception):
    """A file the text shows or links to is not in the media manifest (the build's media step did not publish it)."""


def rewrite(text: str, manifest: dict, siteurl: str, lang: str, locale: str, eager_first: bool) -> str:
    """Rendered Markdown with every `{static}` image as `<picture>` and every `{static}` document link saying
    what it leads to; `eager_first`: the first image may be in view when the page opens (no lead image above it)."""
    images, documents = manifest.get("images", {}), manifest.get("documents", {})
    count = 0

    def image(match: re.Match) -> str:
        nonlocal count
        attributes = {name.lower(): html.unescape(value) for name, value in _ATTRIBUTE.findall(match["attributes"])}
        source = attributes.get("src", "")
        if not source.startswith("{static}"):
            return match.group(0)
        path = source.removeprefix("{static}").lstrip("/")
        if path not in images:
            raise MissingMediaError(path)
        classes = attributes.get("class", "").split()
        decorative = "decorative" in classes
        count += 1
        lazy = not (eager_first and count == 1)
        return picture(images[path], "" if decorative else attributes.get("alt", ""), siteurl, lazy=lazy)

    def link(match: re.Match) -> str:
        path = match["path"]
        if path in images:
            largest = images[path].get("svg") or images[path]["webp"][-1][1]
            return f'<a{match["before"]}href="{join_url(siteurl, largest)}"{match["after"]}>{match["text"]}</a>'
        if path not in documents:
            raise MissingMediaError(path)
        entry = documents[path]
        extra = f' type="{DOCUMENT_TYPES[entry["kind"]]}"'
        if entry.get("lang") and entry["lang"] != lang:
            extra += f' hreflang="{entry["lang"]}"'
        text = _WRITTEN_TYPE.sub("", match["text"])
        url = join_url(siteurl, entry["path"])
        suffix = document_suffix(entry, lang, locale)
        return f'<a{match["before"]}href="{url}"{extra}{match["after"]}>{text} {suffix}</a>'

    return _LINK.sub(link, _IMG.sub(image, text))
