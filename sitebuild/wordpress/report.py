"""What an import did and what an editor must look at, as text for a person or JSON for tools."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

# Sections of the report, in the order they are shown; each holds lines naming the item and the detail.
SECTIONS = {
    "pairs": "Pairs (files sharing a Key)",
    "unpaired": "One-language items",
    "unsure_pairs": "Unsure pairs: check them",
    "drafts": "Written as drafts: an editor must finish them before they are published",
    "not_imported": "Not imported: would fail the content check even as a draft",
    "not_overwritten": "Not overwritten: changed by an editor since the last import (--force takes the WordPress version)",
    "unknown_categories": "Unknown categories (the item got the site's first category)",
    "unknown_shortcodes": "Unknown shortcodes (left as TODO notes)",
    "unknown_blocks": "Unknown blocks (left as TODO notes)",
    "unknown_blocks_kept": "Unknown blocks whose markup was converted as it is",
    "removed_elements": "Removed markup (left as TODO notes)",
    "missing_media": "Missing media (not in the uploads folder)",
    "missing_alt": "Images without alt text (TODO in the alt text)",
    "broken_links": "Broken internal links (the link was removed, its text kept)",
    "pending_links": "Links to items not yet published (the link was removed, its text kept)",
    "external_images": "Images from other websites (now links to them)",
    "lead_images": "Lead images (featured images)",
    "left_over": "Written by an earlier import and no longer imported (left as they are)",
    "no_redirect": "Old addresses that got no redirect",
    "unused_uploads": "Uploads that no imported item uses (not published)",
    "notes": "Notes",
}


@dataclass
class Report:
    export: str
    plugin: str = "none"
    dry_run: bool = False
    # post type → language → items imported
    imported: dict[str, Counter] = field(default_factory=dict)
    # reason → how many items (or comments, users) were left out
    skipped: Counter = field(default_factory=Counter)
    skipped_items: dict[str, list[str]] = field(default_factory=dict)
    files: Counter = field(default_factory=Counter)  # written, updated, unchanged, images
    aliases: int = 0
    redirects: int = 0
    sections: dict[str, list[str]] = field(default_factory=dict)

    def add(self, section: str, line: str) -> None:
        entries = self.sections.setdefault(section, [])
        if line not in entries:
            entries.append(line)

    def skip(self, reason: str, line: str | None = None, count: int = 1) -> None:
        self.skipped[reason] += count
        if line is not None:
            self.skipped_items.setdefault(reason, []).append(line)

    def count_import(self, post_type: str, lang: str) -> None:
        self.imported.setdefault(post_type, Counter())[lang] += 1

    def as_dict(self) -> dict:
        return {
            "export": self.export,
            "plugin": self.plugin,
            "dry_run": self.dry_run,
            "imported": {kind: dict(sorted(langs.items())) for kind, langs in sorted(self.imported.items())},
            "files": dict(sorted(self.files.items())),
            "aliases": self.aliases,
            "redirects": self.redirects,
            "skipped": dict(sorted(self.skipped.items())),
            "skipped_items": {reason: items for reason, items in sorted(self.skipped_items.items())},
            **{name: self.sections.get(name, []) for name in SECTIONS},
        }

    def render_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)

    def render_text(self) -> str:
        lines = [
            f"WordPress import of {self.export} ({self.plugin})"
            + (" — dry run, nothing written" if self.dry_run else "")
        ]
        for kind, langs in sorted(self.imported.items()):
            counts = ", ".join(f"{count} {lang}" for lang, count in sorted(langs.items()))
            lines.append(f"  {kind}s imported: {counts}")
        if not self.imported:
            lines.append("  nothing imported")
        if self.files:
            lines.append("  files: " + ", ".join(f"{count} {what}" for what, count in sorted(self.files.items())))
        lines.append(f"  old addresses: {self.aliases} as Aliases in the files, {self.redirects} in the redirects file")
        if self.skipped:
            lines.append(
                "Skipped (never written): " + ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items()))
            )
            for reason, items in sorted(self.skipped_items.items()):
                lines.append(f"  {reason}:")
                lines.extend(f"    {item}" for item in items)
        for name, title in SECTIONS.items():
            entries = self.sections.get(name)
            if entries:
                lines.append(f"{title} ({len(entries)}):")
                lines.extend(f"  {entry}" for entry in entries)
        return "\n".join(lines)
