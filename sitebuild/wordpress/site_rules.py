"""What the importer takes from the content check and the schedule: the site's slug rules, its addresses, its
"now", and which metadata keys it accepts. One module, so that a change there is one change here."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path


def slug_for(value: str, settings: dict | None = None) -> str:
    """A slug as the site makes them (`invoke new`, the check's suggestions)."""
    from plugins.content_check.content_index import slug_for as site_slug

    return site_slug(value, settings)


def normalise_path(path: str) -> str:
    from plugins.content_check.content_index import normalise_path as site_path

    return site_path(path)


def build_now(settings: dict) -> datetime:
    from plugins.schedule import build_now as scheduled_now

    return scheduled_now(settings)


def load_index(content: Path, settings: dict, now: datetime):
    """Every content file as the check reads it, with the addresses the build will write."""
    from plugins.content_check.content_index import load_index as site_index

    index, _problems = site_index(content, settings, now)
    return index


def doc_url(doc, index) -> str | None:
    from plugins.content_check.content_index import doc_url as site_url

    return site_url(doc, index)


def accepts_keys(*keys: str) -> bool:
    """Whether the content check allows these metadata keys (read when asked: the photo pipeline adds `Image:`)."""
    from plugins.content_check import checks

    return set(keys) <= set(checks.METADATA_KEYS)


def language_name(code: str) -> str:
    """The English name of a language code ("fi" → "Finnish"), as the content check's messages say it."""
    from plugins.content_check.problem import language_name as site_name

    return site_name(code)
