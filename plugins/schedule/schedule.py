"""The build's "now", and holding back items dated after it.

`build_now()` is the one reading of the `BUILD_NOW` setting (sitebuild.now works it out once per build and
passes it as `-e BUILD_NOW=...`; Pelican run by hand without it falls back to the clock): the content check,
the events pages and this plugin all publish as of that moment. On `content_object_init` a published article
or page dated after it becomes a draft, so it is written nowhere (DRAFT_*_SAVE_AS are empty) until a build
made at or after its date.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from pelican import signals


class ScheduleError(ValueError):
    """The BUILD_NOW setting is not a moment; the message says how to write it."""


def build_now(settings: dict) -> datetime:
    """The moment the build publishes for, in TIMEZONE: the `BUILD_NOW` setting (ISO 8601), else the clock."""
    tz = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    value = settings.get("BUILD_NOW")
    if not value:
        return datetime.now(tz)
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise ScheduleError(f"BUILD_NOW {value!r} is not a date — write it as 2022-09-01T00:00") from None
    # An offset (as sitebuild writes the commit's time) is kept as the same moment in the site's zone.
    return moment.astimezone(tz) if moment.tzinfo else moment.replace(tzinfo=tz)


def hold_back_future(content) -> None:
    """A published article or page dated after the build's "now" becomes a draft."""
    from pelican.contents import Article, Page

    if not isinstance(content, (Article, Page)) or content.status != "published":
        return
    date = getattr(content, "date", None)
    if date is not None and date > build_now(content.settings):
        content.status = "draft"


def register() -> None:
    signals.content_object_init.connect(hold_back_future)
