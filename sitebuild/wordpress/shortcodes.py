"""WordPress shortcodes in post content: `[caption]`, `[embed]`, `[gallery]`, `[audio]`, `[video]` become HTML
the converter understands; every other shortcode is handed to `note`, never dropped in silence.

WordPress only expands shortcodes a plugin registered, so square brackets in prose ("[sic]") are text. Here a
bracketed word counts as a shortcode when it is one of the known ones, has attributes (`[x id="1"]`), closes
(`[x]…[/x]` or `[x /]`), or stands alone on its line; `[[x]]` is WordPress's escape for a literal `[x]`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from .blocks import embed_html

KNOWN = {"caption", "wp_caption", "embed", "gallery", "audio", "video"}
_OPEN = re.compile(
    r"\[(?P<escape>\[)?(?P<name>[A-Za-z][\w-]*)(?P<attrs>(?:\s[^\]]*?)?)(?P<void>/)?\](?P<escape_end>\])?"
)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"]+))|"([^"]*)"|(\S+)""")
_MEDIA_EXTENSIONS = ("mp4", "m4v", "webm", "ogv", "wmv", "flv", "mp3", "m4a", "ogg", "wav", "wma")


def attributes(text: str) -> dict[str, str]:
    """Shortcode attributes as WordPress's `shortcode_parse_atts` reads them (positional ones by index)."""
    result: dict[str, str] = {}
    position = 0
    for match in _ATTR.finditer(html.unescape(text.replace("\u00a0", " "))):
        name, double, single, bare, positional_quoted, positional = match.groups()
        if name:
            result[name.lower()] = next(value for value in (double, single, bare) if value is not None)
        else:
            result[str(position)] = positional_quoted if positional_quoted is not None else positional
            position += 1
    return result


def _alone_on_line(content: str, start: int, end: int) -> bool:
    before = content[:start].rsplit("\n", 1)[-1]
    after = content[end:].split("\n", 1)[0]
    strip = re.compile(r"</?p[^>]*>|<br\s*/?>|&nbsp;|\s")
    return not strip.sub("", before) and not strip.sub("", after)


def expand(
    content: str,
    note: Callable[[str, str], str],
    gallery: Callable[[dict[str, str]], list[int]],
) -> str:
    """`content` with every shortcode replaced; `gallery(attrs)` gives the attachment IDs of a [gallery]."""
    out: list[str] = []
    position = 0
    while True:
        match = _OPEN.search(content, position)
        if match is None:
            out.append(content[position:])
            return "".join(out)
        name = match.group("name")
        lower = name.lower()
        close = re.compile(rf"\[/{re.escape(name)}\]", re.IGNORECASE)
        # As in WordPress, an enclosing shortcode ends at the first closing tag of its name.
        closing = None if match.group("void") else close.search(content, match.end())
        end = closing.end() if closing else match.end()
        if match.group("escape") and match.group("escape_end"):
            out.append(content[position : match.start()] + match.group(0)[1:-1])
            position = match.end()
            continue
        raw_attrs = match.group("attrs") or ""
        counts = (
            lower in KNOWN
            or closing is not None
            or match.group("void") is not None
            or "=" in raw_attrs
            or _alone_on_line(content, match.start(), end)
        )
        if not counts:
            out.append(content[position : match.end()])
            position = match.end()
            continue
        out.append(content[position : match.start()])
        inner = content[match.end() : closing.start()] if closing else ""
        attrs = attributes(raw_attrs)
        out.append(_replacement(lower, attrs, inner, content[match.start() : end], note, gallery))
        position = end


def _replacement(
    name: str,
    attrs: dict[str, str],
    inner: str,
    whole: str,
    note: Callable[[str, str], str],
    gallery: Callable[[dict[str, str]], list[int]],
) -> str:
    if name in ("caption", "wp_caption"):
        # The text after the image (or the caption="" attribute of older posts) is the caption.
        image = re.match(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", inner, re.DOTALL)
        body, text = (image.group(1), image.group(2).strip()) if image else (inner, "")
        text = text or attrs.get("caption", "")
        caption = f"<figcaption>{text}</figcaption>" if text else ""
        return f"<figure>{body}{caption}</figure>"
    if name == "embed":
        url = inner.strip() or attrs.get("src", "")
        return embed_html(html.unescape(re.sub(r"<[^>]+>", "", url)).strip())
    if name == "gallery":
        ids = gallery(attrs)
        images = "".join(f'<img class="wp-image-{number}" src="" alt="">' for number in ids)
        return f'<figure data-wp-gallery="1">{images}</figure>' if ids else note("shortcode", whole)
    if name in ("audio", "video"):
        url = attrs.get("src") or next((attrs[key] for key in _MEDIA_EXTENSIONS if key in attrs), "")
        if not url:
            return note("shortcode", whole)
        return f'<p><a href="{html.escape(url, quote=True)}" data-wp-media="{name}"></a></p>'
    return note("shortcode", whole)


def describe(whole: str) -> str:
    """A shortcode shortened for a report line."""
    text = " ".join(whole.split())
    return text if len(text) <= 80 else text[:77] + "..."
