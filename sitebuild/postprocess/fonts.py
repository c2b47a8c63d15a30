"""The theme's fonts cut down to the characters the site shows (fontTools), named as a derivative.

The Ubuntu files from @fontsource hold every Latin character of their subset; a page of this site needs a
fraction of them. Each file is subset to the characters of the built pages, scripts and stylesheets plus a
fixed set every language of the site writes (so a new article rarely changes the fonts), keeping kerning and
the other default OpenType features and dropping hinting (browsers on the screens we serve do not need it).
A subset is a Modified Version under the Ubuntu Font Licence 1.0 (clause 2c): its name keeps "Ubuntu" and
adds "derivative Battery Region". Afterwards every character of the pages that the original fonts have must
still be in a subset: a build that would draw one in a fallback font fails, naming the character and a page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import lxml.html

# Kept whatever the pages say today: printable ASCII, the no-break and soft hyphen, the letters and marks
# Swedish, Finnish and the Nordic languages write, and the punctuation editors and the theme use.
BASE_CHARACTERS = (
    "".join(chr(code) for code in range(0x20, 0x7F)) + "\u00a0\u00ad" + "åäöÅÄÖéÉüÜšžŠŽæøÆØ" + "–—‘’‚“”„…•·×−€§°«»"
)
DERIVATIVE = "derivative Battery Region"
# Attributes whose text a visitor sees or hears.
SHOWN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "value", "content")


class FontError(Exception):
    """A subset would lose a character a page shows; the message names it and where."""


@dataclass(frozen=True)
class FontReport:
    """What was subset: bytes before and after per file, and characters no font of the theme has."""

    sizes: dict[str, tuple[int, int]]
    not_in_fonts: dict[str, str]  # character → a page that shows it (drawn in the visitor's fallback font)


def shown_characters(output: Path) -> dict[str, str]:
    """Every character the built pages show (text and spoken attributes), with one page that shows it."""
    found: dict[str, str] = {}
    for page in sorted(output.rglob("*.html")):
        tree = lxml.html.fromstring(page.read_text(encoding="utf-8"))
        texts = [tree.text_content()]
        for name in SHOWN_ATTRIBUTES:
            texts += tree.xpath(f"//@{name}")
        where = "/" + page.relative_to(output).as_posix()
        for text in texts:
            for character in str(text):
                found.setdefault(character, where)
    # Text written by scripts (the search page's messages) and stylesheets (`content:`).
    for path in sorted([*output.rglob("*.js"), *output.rglob("*.css")]):
        if "pagefind" not in path.parts:
            for character in path.read_text(encoding="utf-8", errors="ignore"):
                found.setdefault(character, "/" + path.relative_to(output).as_posix())
    return found


def _rename(font, derivative: str) -> None:
    """Name the subset as UFL 1.0 clause 2(c) asks: the original name with "derivative X" appended."""
    for record in font["name"].names:
        if record.nameID in (1, 3, 4, 6, 16, 18):
            original = record.toUnicode()
            if derivative not in original:
                joiner = "-" if record.nameID == 6 else " "
                # PostScript names (6) allow no spaces.
                suffix = derivative.replace(" ", "") if record.nameID == 6 else derivative
                record.string = f"{original}{joiner}{suffix}"


def subset_fonts(output: Path, fonts: str = "theme/fonts") -> FontReport:
    """Subset every .woff2 under output/fonts in place; FontError if a shown character would be lost."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    shown = shown_characters(output)
    keep = {ord(character) for character in [*shown, *BASE_CHARACTERS]}
    sizes: dict[str, tuple[int, int]] = {}
    before: dict[int, list[str]] = defaultdict(list)
    after: set[int] = set()
    for path in sorted((output / fonts).glob("*.woff2")):
        # The original date stays: a subset made today and one made tomorrow are the same bytes.
        original = TTFont(path, recalcTimestamp=False)
        cmap = set(original.getBestCmap())
        for code in cmap:
            before[code].append(path.name)
        options = subset.Options()
        options.flavor = "woff2"
        options.hinting = False
        options.desubroutinize = True
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(keep & cmap))
        subsetter.subset(original)
        _rename(original, DERIVATIVE)
        size = path.stat().st_size
        original.flavor = "woff2"
        original.save(path)
        after |= set(original.getBestCmap())
        sizes[path.name] = (size, path.stat().st_size)
    lost = {
        character: page for character, page in shown.items() if ord(character) in before and ord(character) not in after
    }
    if lost:
        listing = ", ".join(
            f"{character!r} (U+{ord(character):04X}, on {page})" for character, page in sorted(lost.items())
        )
        raise FontError(
            f"the subset fonts would lose characters the pages show: {listing} — sitebuild/postprocess/fonts.py"
        )
    missing = {
        character: page
        for character, page in shown.items()
        if ord(character) not in before and character.isprintable() and not character.isspace()
    }
    return FontReport(sizes, missing)
