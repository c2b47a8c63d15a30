"""The WordPress exports the import tests read: one old site exported with Polylang and with WPML (the same items, IDs
and uploads; each plugin's own way of recording languages), and how a test imports one."""

from __future__ import annotations

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


EXPORTS = {
    "polylang": Export("polylang", FIXTURES / "polylang" / "export.xml"),
    "wpml": Export(
        "wpml", FIXTURES / "wpml" / "export.xml", wpml_table=FIXTURES / "wpml" / "icl_translations.csv", menu_items=2
    ),
}
