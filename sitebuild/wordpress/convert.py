"""A post's content (Gutenberg blocks or classic-editor HTML, with shortcodes) into the site's Markdown.

Blocks and shortcodes become plain HTML first (blocks.py, shortcodes.py); classic content gets WordPress's
paragraphs (`wpautop`). The HTML is then cleaned with BeautifulSoup: images point at the originals in
content/images with their alt text, links to the old site at the new addresses, embeds and iframes become
links (the site loads nothing from other websites), and headings go one level down at a time. `markdownify`
writes the Markdown. Whatever cannot be converted leaves a `<!-- TODO: … -->` note in the text, which keeps
the item a draft until an editor has looked at it (the content check refuses TODO in published items).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from markdownify import MarkdownConverter

from . import blocks, shortcodes

# Elements a static page of this site never carries (the content check refuses most of them).
REMOVED_ELEMENTS = ("script", "style", "noscript", "form", "input", "select", "textarea", "button", "svg", "canvas")
EMBEDDING_ELEMENTS = ("iframe", "object", "embed")
_BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote"
    "|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure"
    "|figcaption|details|menu|summary|iframe|script|object|video|audio"
)
_STARTS_BLOCK = re.compile(rf"^\s*</?(?:{_BLOCK_TAGS})\b", re.IGNORECASE)
_LONE_URL = re.compile(r"^\s*(https?://[^\s<>\"']+)\s*$")
_BARE_URL = re.compile(r"(?<![\w/@.])(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"”]")
_NOTE = "WPIMPORTNOTE{}X"
_NOTE_FIND = re.compile(r"WPIMPORTNOTE(\d+)X")
# The link texts written in the item's language where the old site embedded something (LANGUAGES "link_words"):
# each, what it is the text of, and the Swedish entry as an example.
LINK_WORDS = {
    "video_on": ("a link to a video embedded from another website, {provider} its name", "Se videon på {provider}"),
    "audio_on": ("a link to a sound embedded from another website, {provider} its name", "Lyssna på {provider}"),
    "other_on": ("a link to anything else embedded from another website", "Öppna på {provider}"),
    "video": ("a link to a video file", "Se videon"),
    "audio": ("a link to a sound file", "Lyssna på ljudfilen"),
    "image": ("a link to an image on another website that has no alt text", "Bild"),
}
PROVIDERS = {
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "vimeo.com": "Vimeo",
    "twitter.com": "X (Twitter)",
    "x.com": "X (Twitter)",
    "facebook.com": "Facebook",
    "instagram.com": "Instagram",
    "linkedin.com": "LinkedIn",
    "soundcloud.com": "SoundCloud",
    "spotify.com": "Spotify",
    "google.com": "Google",
    "issuu.com": "Issuu",
    "slideshare.net": "SlideShare",
}
# The alt text of an image nobody has described yet (in the item's language): the check keeps it out of published items.
TODO_ALT = "TODO: describe what the image shows"
VIDEO_HOSTS = {"YouTube", "Vimeo"}
AUDIO_HOSTS = {"SoundCloud", "Spotify"}


@dataclass(frozen=True)
class ImageRef:
    """What an `<img>` or an upload link resolves to: `status` "ok" (a file in content/images), "missing" (an
    upload not in the uploads folder) or "unknown" (not an upload: another website, or not a file)."""

    status: str
    target: str = ""  # "{static}/images/x.jpg" when ok
    alt: str = ""
    source: str = ""  # the upload's path, for the report
    # Why the attachment's alt text is not `alt` (it is in another language), and what the editor must do.
    alt_refused: str = ""
    # Alt texts in another language: not kept from the <img> either (WordPress copied them there on insertion).
    refused: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinkRef:
    """Where a link goes: `status` "keep" (unchanged), "moved" (to `target`), "broken" (an old address of the
    site with nothing in its place) or "pending" (to an item that is not published yet)."""

    status: str
    target: str = ""


@dataclass
class Finding:
    kind: str  # unknown_shortcode, unknown_block, unknown_block_kept, missing_media, missing_alt, alt_language,
    # broken_link, pending_link, external_image, removed_element
    detail: str
    reason: str = ""  # why the item is a draft, where the kind alone does not say


@dataclass
class Context:
    """What converting one item needs to know about the rest of the import."""

    lang: str
    words: dict[str, str]  # the link texts of its language: link_words()
    link: Callable[[str], LinkRef]
    image: Callable[[str, int | None], ImageRef]
    gallery: Callable[[dict[str, str]], list[int]]
    reusable: Callable[[int], str | None]
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> str:
        """A TODO note for the editor, at this place in the text; its token becomes an HTML comment."""
        self.notes.append(text)
        return _NOTE.format(len(self.notes) - 1)


class LinkWordsError(ValueError):
    """A language of LANGUAGES lacks a link text the import writes; the message says what to add where."""


def link_words(languages: dict, lang: str) -> dict[str, str]:
    """The link texts of `lang` (LANGUAGES "link_words"), or an error naming each one it lacks and where to add it."""
    language = languages.get(lang) or {}
    words = language.get("link_words") or {}
    missing = [
        f'LANGUAGES["{lang}"] ({language.get("name", lang)}) has no link word "{key}", the text of {purpose}'
        f' — add it to LANGUAGES["{lang}"]["link_words"] in pelicanconf.py in its own words, as the Swedish entry'
        f' has "{key}": "{example}"'
        for key, (purpose, example) in LINK_WORDS.items()
        if not words.get(key)
    ]
    if missing:
        raise LinkWordsError("\n".join(missing))
    return words


def wpautop(text: str) -> str:
    """Paragraphs for classic-editor content, as WordPress's `wpautop` adds them when it shows a post."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = [chunk for chunk in re.split(r"\n\s*\n", text) if chunk.strip()]
    out = []
    for chunk in chunks:
        lone = _LONE_URL.match(chunk)
        if lone:
            out.append(blocks.embed_html(lone.group(1)))
        elif _STARTS_BLOCK.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", chunk.strip()) + "</p>")
    return "\n".join(out)


def content_html(content: str, context: Context) -> str:
    """Blocks rendered and shortcodes expanded: one HTML fragment."""

    def block_note(kind: str, what: str) -> str:
        if kind == "block-kept":
            context.findings.append(Finding("unknown_block_kept", what))
            return ""
        context.findings.append(Finding("unknown_block", what))
        return f"<p>{context.note(f'WordPress block {what} was not converted: add its content by hand')}</p>"

    if blocks.has_blocks(content):
        renderer = blocks.Renderer(context.reusable, block_note, context.lang)
        # Text between top-level blocks is classic content (WordPress's core/freeform): it gets paragraphs too.
        nodes = [wpautop(node) if isinstance(node, str) and node.strip() else node for node in blocks.parse(content)]
        rendered = renderer.render(nodes)
    else:
        rendered = wpautop(content)

    def shortcode_note(kind: str, whole: str) -> str:
        shown = shortcodes.describe(whole)
        context.findings.append(Finding("unknown_shortcode", shown))
        return context.note(f"WordPress shortcode {shown} was not converted: add its content by hand")

    return shortcodes.expand(rendered, shortcode_note, context.gallery)


class _Markdown(MarkdownConverter):
    """markdownify with the escapes Python-Markdown needs (not `&`, `=` or `+`), ATX headings and `-` bullets."""

    def escape(self, text, parent_tags):
        if not text or "_noformat" in parent_tags:
            return text or ""
        text = re.sub(r"([\\`*_\[\]])", r"\\\1", text)
        text = re.sub(r"<(?=[A-Za-z/!?])", r"\\<", text)
        text = re.sub(r"(^|\n)(\s*)([#>+-])(?=\s|$)", r"\1\2\\\3", text)
        return re.sub(r"(^|\n)(\s*\d{1,9})([.)])(?=\s|$)", r"\1\2\\\3", text)

    def convert_img(self, el, text, parent_tags):
        alt = (el.get("alt") or "").replace("\n", " ").strip()
        alt = re.sub(r"([\[\]\\])", r"\\\1", alt)
        return f"![{alt}]({el.get('src') or ''})"

    def convert_a(self, el, text, parent_tags):
        href = el.get("href") or ""
        if not href or not text.strip():
            return text
        return f"[{text.strip()}]({href})"


def _provider(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.").removeprefix("m.")
    for domain, name in PROVIDERS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return host or url


def _link_text(url: str) -> str:
    """An address shown as link text without its scheme (the check refuses bare addresses as link text)."""
    text = re.sub(r"^(?:https?://)?(?:www\.)?", "", url).rstrip("/")
    return text or url


def _safe_href(url: str) -> str:
    return quote(url, safe="/:?#[]@!$&'()*+,;=%{}~.-_")


def clean(fragment: str, context: Context) -> BeautifulSoup:
    """The fragment as HTML the Markdown writer can take as it is: see the module docstring."""
    soup = BeautifulSoup(fragment, "html.parser")
    words = context.words
    embed_words = {kind: words[f"{kind}_on"] for kind in ("video", "audio", "other")}

    def paragraph_with(element: Tag) -> Tag:
        paragraph = soup.new_tag("p")
        paragraph.append(element)
        return paragraph

    for element in soup.find_all(REMOVED_ELEMENTS):
        if element.parent is None:
            continue
        context.findings.append(Finding("removed_element", f"<{element.name}>"))
        element.replace_with(context.note(f"a <{element.name}> element of the WordPress page was removed"))
    for element in soup.find_all(EMBEDDING_ELEMENTS):
        url = element.get("src") or element.get("data") or ""
        if url.startswith("//"):
            url = "https:" + url
        if url.startswith("http"):
            element.replace_with(paragraph_with(_embed_link(soup, url, "", embed_words)))
        else:
            context.findings.append(Finding("removed_element", f"<{element.name}>"))
            element.replace_with(context.note(f"an <{element.name}> element of the WordPress page was removed"))
    for element in soup.find_all(["video", "audio"]):
        source = element.get("src") or next((s.get("src") for s in element.find_all("source") if s.get("src")), "")
        kind = element.name
        element.replace_with(_media_link(soup, source, words[kind], context))
    # The file block's download button repeats its link.
    for element in soup.find_all(class_=re.compile(r"wp-block-file__button")):
        element.decompose()
    # Links first (an upload link around its own image is dropped), then images.
    for element in soup.find_all("a"):
        _clean_link(soup, element, context, embed_words, words)
    for element in soup.find_all("img"):
        _clean_image(soup, element, context, words)
    for figure in soup.find_all("figure"):
        _unwrap_figure(soup, figure)
    _normalise_headings(soup)
    _link_bare_urls(soup)
    return soup


def _embed_link(soup: BeautifulSoup, url: str, caption: str, embed_words: dict[str, str]) -> Tag:
    provider = _provider(url)
    kind = "video" if provider in VIDEO_HOSTS else "audio" if provider in AUDIO_HOSTS else "other"
    link = soup.new_tag("a", href=_safe_href(url))
    link.string = caption.strip() or embed_words[kind].format(provider=provider)
    return link


def _media_link(soup: BeautifulSoup, source: str, text: str, context: Context) -> Tag | str:
    if not source:
        context.findings.append(Finding("removed_element", "<video>/<audio> without a source"))
        return context.note("a video or audio player without a file was removed")
    ref = context.image(source, None)
    link = soup.new_tag("a", href=ref.target if ref.status == "ok" else _safe_href(source))
    if ref.status == "missing":
        context.findings.append(Finding("missing_media", ref.source))
        return context.note(f"the file {ref.source} is missing from the uploads: add it to content/images/")
    link.string = text
    paragraph = soup.new_tag("p")
    paragraph.append(link)
    return paragraph


def _clean_link(soup, element: Tag, context: Context, embed_words, words) -> None:
    href = (element.get("href") or "").strip()
    attrs_embed = element.get("data-wp-embed")
    media = element.get("data-wp-media")
    element.attrs = {}
    if attrs_embed:
        replacement = _embed_link(soup, href, element.get_text(), embed_words)
        element.replace_with(replacement)
        return
    if media:
        element.replace_with(_media_link(soup, href, words[media], context))
        return
    if not href or href.startswith("#"):
        element.attrs = {"href": href} if href else {}
        if not href:
            element.unwrap()
        return
    scheme = href.split(":", 1)[0].lower() if ":" in href else ""
    if scheme in ("javascript", "vbscript", "data"):
        context.findings.append(Finding("removed_element", f"a {scheme}: link"))
        element.unwrap()
        return
    if scheme in ("mailto", "tel"):
        element["href"] = href
        return
    upload = context.image(href, None)
    images = element.find_all("img")
    if upload.status == "ok":
        if images:
            element.unwrap()  # a link to the full-size upload around the image itself
            return
        element["href"] = upload.target
    elif upload.status == "missing":
        context.findings.append(Finding("missing_media", upload.source))
        element.insert_after(context.note(f"the linked file {upload.source} is missing from the uploads"))
        element.unwrap()
        return
    else:
        ref = context.link(href)
        if ref.status == "moved":
            element["href"] = ref.target
        elif ref.status in ("broken", "pending"):
            kind = "broken_link" if ref.status == "broken" else "pending_link"
            context.findings.append(Finding(kind, f"{element.get_text().strip()[:40]!r} → {href}"))
            element.unwrap()
            return
        elif images and "/?attachment_id=" in href:
            element.unwrap()
            return
        else:
            element["href"] = _safe_href(href)
    text = element.get_text().strip()
    if not images and text and re.match(r"^\s*<?(?:https?://|www\.)", text, re.IGNORECASE):
        element.string = _link_text(text)


def _clean_image(soup, element: Tag, context: Context, words) -> None:
    source = element.get("src") or ""
    attachment = None
    for name in element.get("class") or []:
        found = re.fullmatch(r"wp-image-(\d+)", name)
        if found:
            attachment = int(found.group(1))
    written_alt = html.unescape(element.get("alt") or "").strip()
    ref = context.image(source, attachment)
    if ref.status == "ok":
        if written_alt in ref.refused:
            written_alt = ""  # the attachment's alt text in another language, copied when the image was inserted
        alt = written_alt or ref.alt
        if not alt and ref.alt_refused:
            published = ref.target.removeprefix("{static}/")
            context.findings.append(
                Finding("alt_language", f"{ref.source}: {ref.alt_refused}", f"{published}: {ref.alt_refused}")
            )
            alt = TODO_ALT
        elif not alt:
            context.findings.append(Finding("missing_alt", ref.source))
            alt = TODO_ALT
        new = soup.new_tag("img", src=ref.target, alt=alt)
        element.replace_with(new)
        return
    if ref.status == "unknown" and urlsplit(source).hostname and context.link(source).status == "keep":
        context.findings.append(Finding("external_image", source))
        link = soup.new_tag("a", href=_safe_href(source))
        link.string = written_alt or words["image"]
        element.replace_with(link)
        return
    shown = ref.source or source or f"attachment {attachment}"
    context.findings.append(Finding("missing_media", shown))
    element.replace_with(context.note(f"the image {shown} is missing from the uploads: add it to content/images/"))


def _unwrap_figure(soup: BeautifulSoup, figure: Tag) -> None:
    """A figure becomes its images, each a paragraph, then its caption as a paragraph."""
    caption = figure.find("figcaption")
    caption_text = caption.get_text(" ", strip=True) if caption else ""
    if caption is not None:
        caption.decompose()
    parts: list[Tag] = []
    for image in figure.find_all("img"):
        holder = image.parent if image.parent is not None and image.parent.name == "a" else image
        paragraph = soup.new_tag("p")
        paragraph.append(holder.extract())
        parts.append(paragraph)
    rest = figure.get_text(" ", strip=True)
    if rest:
        kept = soup.new_tag("div")
        for child in list(figure.children):
            kept.append(child.extract())
        parts.append(kept)
    if caption_text:
        paragraph = soup.new_tag("p")
        paragraph.string = caption_text
        parts.append(paragraph)
    for part in reversed(parts):
        figure.insert_after(part)
    figure.decompose()


def _normalise_headings(soup: BeautifulSoup) -> None:
    """The title is the page's h1: headings in the text start at h2 and never skip a level."""
    previous = 1
    for heading in soup.find_all(re.compile(r"^h[1-6]$")):
        level = min(max(int(heading.name[1]), 2), previous + 1)
        heading.name = f"h{level}"
        previous = level


def _link_bare_urls(soup: BeautifulSoup) -> None:
    """A web address written as text becomes a link (the content check refuses addresses as plain text)."""
    for text in list(soup.find_all(string=_BARE_URL)):
        if not isinstance(text, NavigableString) or text.find_parent(["a", "code", "pre"]):
            continue
        pieces: list = []
        position = 0
        value = str(text)
        for match in _BARE_URL.finditer(value):
            pieces.append(value[position : match.start()])
            url = match.group(0)
            link = soup.new_tag("a", href=_safe_href(url if "://" in url else "https://" + url))
            link.string = _link_text(url)
            pieces.append(link)
            position = match.end()
        pieces.append(value[position:])
        for piece in pieces:
            if piece:
                text.insert_before(piece if isinstance(piece, Tag) else NavigableString(piece))
        text.extract()


def _tidy_lines(text: str) -> str:
    """No trailing spaces but a line break's two (markdownify writes `<br>` so) inside a paragraph."""
    lines = text.split("\n")
    out = []
    for number, line in enumerate(lines):
        stripped = line.rstrip(" \t")
        following = lines[number + 1].strip() if number + 1 < len(lines) else ""
        out.append(stripped + "  " if stripped and line.endswith("  ") and following else stripped)
    return "\n".join(out)


def to_markdown(content: str, context: Context) -> str:
    """The Markdown of one item's content; TODO notes stay as HTML comments where they were."""
    soup = clean(content_html(content, context), context)
    text = _Markdown(heading_style="ATX", bullets="-", strong_em_symbol="*", table_infer_header=True).convert_soup(soup)
    text = _tidy_lines(text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()

    def comment(match: re.Match) -> str:
        note = context.notes[int(match.group(1))].replace("--", "- -")
        return f"<!-- TODO: {note} -->"

    text = _NOTE_FIND.sub(comment, text)
    # A TODO note alone where a paragraph was stays a block of its own.
    return text + "\n" if text else ""
