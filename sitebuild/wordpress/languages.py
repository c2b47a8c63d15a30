"""Which language each item is in and which items translate each other: the shape polylang.py and wpml.py fill."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit


@dataclass
class Languages:
    """Item languages and translation groups (language → post ID), as one multilingual plugin recorded them."""

    plugin: str  # "polylang", "wpml" or "none"
    of_item: dict[int, str] = field(default_factory=dict)  # post ID → language code of this site
    groups: list[dict[str, int]] = field(default_factory=list)
    # post ID → the language its group was translated from, where the plugin records it (WPML)
    source: dict[int, str] = field(default_factory=dict)
    # post ID → a language of the old site that this site does not have
    foreign: dict[int, str] = field(default_factory=dict)
    # pairs made from evidence rather than the plugin's own records, each with the evidence
    unsure: list[str] = field(default_factory=list)
    # attachment ID → the language its alt text is in, where the plugin records one (Polylang's language term on the
    # attachment, WPML's table); the old site's code when this site lacks the language. Absent: media not translated.
    of_media: dict[int, str] = field(default_factory=dict)

    def group_of(self, post_id: int) -> dict[str, int]:
        for group in self.groups:
            if post_id in group.values():
                return group
        return {}


def site_language(code: str, locale: str, site_languages: list[str]) -> str | None:
    """This site's code for an old-site language given by its slug (`fi`) or locale (`fi_FI`, `sv-SE`)."""
    for candidate in (code, locale.replace("-", "_").split("_")[0]):
        if candidate and candidate.lower() in site_languages:
            return candidate.lower()
    return None


def lang_of_link(url: str) -> str | None:
    """The `lang=` of an address (`?lang=fi`, `?p=12&lang=fi`), if any."""
    values = parse_qs(urlsplit(url).query).get("lang")
    return values[0].lower() if values else None
