"""Decorative images in Markdown: `![]({static}/images/x.svg){: .decorative}` is meant to say nothing.

Python-Markdown writes `alt=""` for it, which Pelican's reader warns about as an accessibility flaw (and the build
fails on any warning). This treeprocessor, after attr_list, drops the empty alt of an image marked decorative;
plugins/media/markup.py writes `alt=""` back when it makes the `<picture>`.
"""

from __future__ import annotations

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

DECORATIVE_CLASS = "decorative"
# After attr_list (8), which turns `{: .decorative}` into the class.
PRIORITY = 7


class DecorativeImages(Treeprocessor):
    def run(self, root) -> None:
        for image in root.iter("img"):
            if DECORATIVE_CLASS in (image.get("class") or "").split() and not image.get("alt"):
                image.attrib.pop("alt", None)


class DecorativeExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown API)
        md.treeprocessors.register(DecorativeImages(md), "decorative_images", PRIORITY)


def add_extension(pelican) -> None:
    extensions = pelican.settings["MARKDOWN"].setdefault("extensions", [])
    if not any(isinstance(extension, DecorativeExtension) for extension in extensions):
        extensions.append(DecorativeExtension())
