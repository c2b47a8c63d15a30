"""What an event is: an article whose metadata has `Start:`, read into an `Event` on `content_object_init`.

The event's metadata keys are listed here once (plugins/content_check validates them with this list);
`split_events` and `has_passed` say which events are upcoming at the build's "now".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# The metadata keys of an event, in the order the editors' guide lists them.
EVENT_KEYS = (
    "Start",
    "End",
    "Timezone",
    "Venue",
    "Address",
    "Locality",
    "Country",
    "Online",
    "Moderator",
    "Info",
)
# Keys a translation shares with its original: they say when the event is, not how it is described.
SHARED_KEYS = ("Start", "End", "Timezone")
# Keys whose words a translator translates, as the title, summary and text (a translation's Original_hash covers them).
TRANSLATED_KEYS = ("Venue", "Address", "Moderator")


class EventError(ValueError):
    """An article's event metadata cannot be read; `invoke check` says how to fix it."""


@dataclass(frozen=True)
class Event:
    """When and where an event is held: start and end are aware datetimes in `zone`."""

    start: datetime
    end: datetime
    zone: str
    venue: str | None = None
    address: str | None = None
    locality: str | None = None
    country: str | None = None
    online: bool = False
    online_url: str | None = None
    moderator: str | None = None
    info: str | None = None

    @property
    def attendance(self) -> str:
        """ "mixed" (on site and online), "online" or "offline"."""
        if self.online:
            return "mixed" if self.venue else "online"
        return "offline"


def _text(metadata: dict, key: str) -> str | None:
    value = metadata.get(key.lower())
    return str(value).strip() or None if value is not None else None


def event_from_metadata(metadata: dict, source: str) -> Event | None:
    """The event an article's metadata describes, or None when it has no `Start:`."""
    given = {key: _text(metadata, key) for key in EVENT_KEYS}
    if given["Start"] is None:
        return None
    fix = f"{source}: run `invoke check`, which says what is wrong with the event fields and how to fix it"
    zone = given["Timezone"]
    try:
        tz = ZoneInfo(zone or "")
        begins = datetime.fromisoformat(given["Start"]).replace(tzinfo=tz)
        ends = datetime.fromisoformat(given["End"] or "").replace(tzinfo=tz)
    except (ValueError, ZoneInfoNotFoundError) as error:
        raise EventError(f"{fix} ({error})") from None
    if ends <= begins:
        raise EventError(f"{fix} (End is not after Start)")
    online = given["Online"] or "no"
    return Event(
        start=begins,
        end=ends,
        zone=zone,
        venue=given["Venue"],
        address=given["Address"],
        locality=given["Locality"],
        country=given["Country"],
        online=online.lower() != "no",
        online_url=online if online.startswith(("https://", "http://")) else None,
        moderator=given["Moderator"],
        info=given["Info"],
    )


def attach_event(content) -> None:
    """Every article gets `event`: its Event, or None."""
    from pelican.contents import Article

    if isinstance(content, Article):
        # Drafts may still hold placeholders; they are written nowhere, so they need no event.
        published = content.status == "published"
        content.event = event_from_metadata(content.metadata, content.source_path) if published else None


def has_passed(event: Event, now: datetime) -> bool:
    """Whether an event has ended at the build's "now" (what the events pages call past)."""
    return event.end <= now


def split_events(items: list, now: datetime) -> tuple[list, list]:
    """Upcoming events (not yet ended at `now`), soonest first, and past ones, latest first."""
    events = [item for item in items if getattr(item, "event", None)]
    upcoming = sorted((a for a in events if not has_passed(a.event, now)), key=lambda a: a.event.start)
    past = sorted((a for a in events if has_passed(a.event, now)), key=lambda a: a.event.start, reverse=True)
    return upcoming, past
