"""The WordPress exports the import tests read: one old site exported with Polylang and with WPML (the same items, IDs
and uploads; each plugin's own way of recording languages), and how a test imports one."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from sitebuild import ROOT
from sitebuild.wordpress import Options, Report, import_wordpress
from tests.support.clock import NOW

FIXTURES = ROOT / "tests" / "fixtures" / "wordpress"
# wp-content/uploads of the old site, whichever plugin made the export.
UPLOADS = FIXTURES / "uploads"


@dataclass(frozen=True)
class Export:
    """One export of the old site: the plugin that recorded its languages, the file, WPML's table if any."""

    plugin: str
    path: Path
    wpml_table: Path | None = None
    menu_items: int = 1  # WPML keeps a menu per language

    def run(self, content: Path, **options) -> Report:
        """Import this export (and the uploads) into `content` as of the suite's "now"."""
        options.setdefault("wpml_table", self.wpml_table)
        return import_wordpress(self.path, UPLOADS, content, Options(now=NOW, **options))

    def changed(self, folder: Path, *changes: tuple[str, str]) -> Export:
        """This export with each (old, new) text replaced once, written in `folder`: a variant of the same site."""
        text = self.path.read_text(encoding="utf-8")
        for old, new in changes:
            assert text.count(old) == 1, f"{old!r} is not once in {self.path.name}"
            text = text.replace(old, new)
        path = folder / f"{self.plugin}-export.xml"
        path.write_text(text, encoding="utf-8")
        return dataclasses.replace(self, path=path)


EXPORTS = {
    "polylang": Export("polylang", FIXTURES / "polylang" / "export.xml"),
    "wpml": Export(
        "wpml", FIXTURES / "wpml" / "export.xml", wpml_table=FIXTURES / "wpml" / "icl_translations.csv", menu_items=2
    ),
}


# The Finnish article's photos as a Finnish editor describes them once the import has left it a draft for them.
FINNISH_DESCRIPTIONS = {
    "images/konferens.jpg": "Osallistujia konferenssisalissa",
    "images/verkstad.png": "Korjaamo, jonka hyllyillä on akkukennoja",
}


def describe_photos(path: Path, descriptions: dict[str, str]) -> None:
    """What an editor does with an item the import made a draft for its photos' descriptions (`Image_alt: TODO …`,
    `![TODO …]`): writes each in the item's language and publishes it."""
    head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
    image = re.search(r"^Image: (.+)$", head, flags=re.M)
    if image is not None:
        head = re.sub(r"^Image_alt: TODO.*$", f"Image_alt: {descriptions[image.group(1)]}", head, flags=re.M)
    body = re.sub(
        r"!\[TODO[^\]]*\]\(\{static\}/([^)]+)\)",
        lambda found: f"![{descriptions[found.group(1)]}]({{static}}/{found.group(1)})",
        body,
    )
    head = head.replace("Status: draft", "Status: published")
    assert "TODO" not in head + body, f"{path.name} has more to finish than its photos' descriptions"
    path.write_text(f"{head}\n\n{body}", encoding="utf-8")
