"""Gutenberg's block markup (`<!-- wp:name {"attrs"} -->…<!-- /wp:name -->`) parsed into a tree.

`parse()` follows the block grammar of WordPress's `parse_blocks()`: a block comment opens a block (or is
void with `/-->`), and the HTML between comments is either a block's own markup or freeform (classic)
content. `render()` turns the tree back into plain HTML for the converter: core blocks keep their saved
markup, embeds become links, reusable blocks are inlined, and what cannot be shown is handed to `note`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

_COMMENT = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+"
    r"(?P<attrs>\{.*?\}\s+)?(?P<void>/)?-->",
    re.DOTALL,
)

# Blocks whose saved markup is the content as it is shown.
MARKUP_BLOCKS = {
    "core/paragraph",
    "core/heading",
    "core/list",
    "core/list-item",
    "core/quote",
    "core/pullquote",
    "core/table",
    "core/separator",
    "core/preformatted",
    "core/code",
    "core/verse",
    "core/html",
    "core/freeform",
    "core/image",
    "core/gallery",
    "core/file",
    "core/buttons",
    "core/button",
    "core/video",
    "core/audio",
    "core/shortcode",
    "core/missing",
}
# Layout blocks: only their inner blocks and markup matter.
CONTAINER_BLOCKS = {
    "core/columns",
    "core/column",
    "core/group",
    "core/row",
    "core/stack",
    "core/cover",
    "core/media-text",
    "core/details",
}
# Blocks that show nothing a static page needs.
EMPTY_BLOCKS = {"core/more", "core/nextpage", "core/spacer"}
# How far reusable blocks may include each other before the import stops following them.
MAX_DEPTH = 8


@dataclass
class Block:
    name: str
    attrs: dict
    inner: list[str | Block] = field(default_factory=list)


def _name(raw: str) -> str:
    return raw if "/" in raw else f"core/{raw}"


def has_blocks(content: str) -> bool:
    return _COMMENT.search(content) is not None


def parse(content: str) -> list[str | Block]:
    """The block tree of `content`: strings are freeform HTML, Blocks hold their own inner list."""
    root: list[str | Block] = []
    stack: list[Block] = []
    position = 0
    for match in _COMMENT.finditer(content):
        target = stack[-1].inner if stack else root
        if match.start() > position:
            target.append(content[position : match.start()])
        position = match.end()
        name = _name(match.group("name"))
        if match.group("closer"):
            # Close the innermost open block of that name (and any left open inside it).
            while stack:
                done = stack.pop()
                if done.name == name:
                    break
            continue
        try:
            attrs = json.loads(match.group("attrs")) if match.group("attrs") else {}
        except json.JSONDecodeError:
            attrs = {}
        block = Block(name, attrs if isinstance(attrs, dict) else {})
        target.append(block)
        if not match.group("void"):
            stack.append(block)
    tail = content[position:]
    if tail:
        (stack[-1].inner if stack else root).append(tail)
    return root


@dataclass
class Renderer:
    """Renders a block tree to HTML; `reusable(ref)` gives a `wp_block` item's content, `note(kind, what)` is told
    of what was not converted (kind "block": content lost, "block-kept": an unknown block whose markup is kept)."""

    reusable: Callable[[int], str | None]
    note: Callable[[str, str], str]
    lang: str

    def render(self, nodes: list[str | Block], depth: int = 0) -> str:
        return "".join(node if isinstance(node, str) else self.block(node, depth) for node in nodes)

    def block(self, block: Block, depth: int) -> str:
        name = block.name
        if name in EMPTY_BLOCKS:
            return ""
        if name in MARKUP_BLOCKS or name in CONTAINER_BLOCKS:
            return self.render(block.inner, depth)
        if name == "core/block":
            ref = block.attrs.get("ref")
            content = self.reusable(int(ref)) if str(ref).isdigit() else None
            if content is None or depth >= MAX_DEPTH:
                return self.note("block", f"reusable block {ref} (not in the export)")
            return self.render(parse(content), depth + 1)
        if name == "core/embed" or name.startswith("core-embed/"):
            return embed_html(block.attrs.get("url") or _url_in(self.render(block.inner, depth)), _caption(block))
        if block.inner and any(isinstance(node, Block) or node.strip() for node in block.inner):
            self.note("block-kept", name)
            return self.render(block.inner, depth)
        return self.note("block", name)


def _url_in(markup: str) -> str:
    found = re.search(r"https?://[^\s<>\"']+", markup)
    return found.group(0) if found else ""


def _caption(block: Block) -> str:
    markup = "".join(node for node in block.inner if isinstance(node, str))
    found = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", markup, re.DOTALL)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else ""


def embed_html(url: str, caption: str = "") -> str:
    """An embed as the site shows it: a paragraph with a link (nothing is loaded from the other site)."""
    if not url:
        return ""
    return (
        f'<p><a href="{html.escape(url, quote=True)}" data-wp-embed="1">{html.escape(html.unescape(caption))}</a></p>\n'
    )
