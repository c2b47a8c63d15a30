"""Events: articles with `Start:`, shown with their times in every zone the site names, and in calendars.

An article whose metadata has `Start:` (with `End:`, `Timezone:`, `Venue:`, `Address:`, `Locality:`,
`Country:`, `Online:`, `Moderator:`, `Info:`; plugins/content_check validates them) is an event. On `content_object_init`
every article gets `event` (an `Event`, or None). On `generator_init` the templates get the global
`event_times()` (start and end in the event's own zone and every zone of EVENT_TIMEZONES, with the
UTC offsets zoneinfo gives for that day), `event_schema()` (the schema.org Event for JSON-LD), and
the filters `clocktime` ("9.00", Babel) and `calendar_url` (the event's .ics). On
`article_generator_finalized` the templates learn whether this language has a calendar feed; on
`article_writer_finalized` each language writes its events page (LANGUAGES "events": upcoming and
past events, split at the build's "now" that also holds back future-dated items: the BUILD_NOW setting
sitebuild passes, read by plugins/schedule's build_now, that setting's one reader), one .ics per event beside
its page, and the calendar feed with all its events (LANGUAGES "calendar").
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_time
from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

# Times as the press releases write them, in both languages: 9.00, 15.00 (a Babel/CLDR pattern).
CLOCK_PATTERN = "H.mm"
ATTENDANCE_MODES = {
    "mixed": "https://schema.org/MixedEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "offline": "https://schema.org/OfflineEventAttendanceMode",
}


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


@dataclass(frozen=True)
class ZoneTimes:
    """An event's start and end in one time zone, named in the page's language."""

    zone: str
    name: str
    start: datetime
    end: datetime
    offset: str  # "UTC+2" (or "UTC+2/UTC+1" when the offset changes during the event)


@dataclass(frozen=True)
class EventTimes:
    """The times of an event in every named zone; `date` is set when it is one and the same day in all."""

    zones: list[ZoneTimes]
    date: date | None


# Reading ---------------------------------------------------------------------------------------------


def _text(metadata: dict, key: str) -> str | None:
    value = metadata.get(key)
    return str(value).strip() or None if value is not None else None


def event_from_metadata(metadata: dict, source: str) -> Event | None:
    """The event an article's metadata describes, or None when it has no `Start:`."""
    start = _text(metadata, "start")
    if start is None:
        return None
    fix = f"{source}: run `invoke check`, which says what is wrong with the event fields and how to fix it"
    zone = _text(metadata, "timezone")
    try:
        tz = ZoneInfo(zone or "")
        begins = datetime.fromisoformat(start).replace(tzinfo=tz)
        ends = datetime.fromisoformat(_text(metadata, "end") or "").replace(tzinfo=tz)
    except (ValueError, ZoneInfoNotFoundError) as error:
        raise EventError(f"{fix} ({error})") from None
    if ends <= begins:
        raise EventError(f"{fix} (End is not after Start)")
    online = _text(metadata, "online") or "no"
    return Event(
        start=begins,
        end=ends,
        zone=zone,
        venue=_text(metadata, "venue"),
        address=_text(metadata, "address"),
        locality=_text(metadata, "locality"),
        country=_text(metadata, "country"),
        online=online.lower() != "no",
        online_url=online if online.startswith(("https://", "http://")) else None,
        moderator=_text(metadata, "moderator"),
        info=_text(metadata, "info"),
    )


def attach_event(content) -> None:
    from pelican.contents import Article

    if isinstance(content, Article):
        # Drafts may still hold placeholders; they are written nowhere, so they need no event.
        published = content.status == "published"
        content.event = event_from_metadata(content.metadata, content.source_path) if published else None


# What the templates show --------------------------------------------------------------------------------


def utc_offset(moment: datetime) -> str:
    """ "UTC+2", "UTC+5:30", "UTC−3": the offset zoneinfo gives for that moment."""
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "\N{MINUS SIGN}"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


@pass_context
def event_times(context, event: Event, names: dict[str, str]) -> EventTimes:
    """The event's start and end in its own zone first, then in every other zone of EVENT_TIMEZONES.

    `names` are the zones' names from the catalogs, given by the template ("svensk tid").
    """
    zones = [event.zone, *(zone for zone in context.get("EVENT_TIMEZONES", []) if zone != event.zone)]
    missing = [zone for zone in zones if not names.get(zone)]
    if missing:
        raise EventError(
            f"no name for the time zone {', '.join(missing)}: add it with a translatable name to the zone"
            " names in themes/batteryregion/templates/partials/event_facts.html"
        )
    lines = []
    for zone in zones:
        tz = ZoneInfo(zone)
        start, end = event.start.astimezone(tz), event.end.astimezone(tz)
        offsets = dict.fromkeys([utc_offset(start), utc_offset(end)])
        lines.append(ZoneTimes(zone, names[zone], start, end, "/".join(offsets)))
    days = {moment.date() for line in lines for moment in (line.start, line.end)}
    return EventTimes(lines, days.pop() if len(days) == 1 else None)


@pass_context
def clocktime(context, value: datetime) -> str:
    """The time of day as "9.00" (Babel, in the page's language), in the value's own zone."""
    locale = context["LANGUAGES"][context["DEFAULT_LANG"]]["locale"]
    return format_time(value.replace(tzinfo=None).time(), CLOCK_PATTERN, locale=locale)


def calendar_path(path: str, slug: str) -> str:
    """The .ics of an event beside its page: 2022/06/30/slutkonferens/slutkonferens.ics."""
    return posixpath.join(posixpath.dirname(path), f"{slug}.ics")


def calendar_url(article) -> str:
    return calendar_path(article.url, article.slug)


def plain(value: str | None) -> str:
    """Metadata (title, summary) as plain text: tags removed, entities decoded."""
    return Markup(value or "").striptags()


def postal_address(event: Event) -> dict | None:
    """The schema.org PostalAddress of the venue, from the parts the content gives (none invented)."""
    parts = {
        "streetAddress": event.address,
        "addressLocality": event.locality,
        "addressCountry": event.country,
    }
    given = {name: value for name, value in parts.items() if value}
    return {"@type": "PostalAddress", **given} if given else None


def event_schema(article, url: str, organizer: list[dict], online_name: str) -> dict:
    """The schema.org Event of an event article, for its JSON-LD graph; `url` is its published address.

    It stays EventScheduled after its date: schema.org has no status for "past", and nothing says it was
    cancelled or moved (the site does not claim either way whether it took place).
    """
    event: Event = article.event
    locations = []
    if event.venue:
        place = {"@type": "Place", "name": event.venue}
        address = postal_address(event)
        if address:
            place["address"] = address
        locations.append(place)
    if event.online:
        virtual = {"@type": "VirtualLocation", "name": online_name}
        if event.online_url:
            virtual["url"] = event.online_url
        locations.append(virtual)
    schema = {
        "@type": "Event",
        "@id": f"{url}#event",
        "name": plain(article.title),
        "description": plain(getattr(article, "summary", "")),
        "url": url,
        "inLanguage": article.lang,
        "startDate": event.start.isoformat(),
        "endDate": event.end.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": ATTENDANCE_MODES[event.attendance],
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": organizer,
    }
    if event.info:
        schema["sameAs"] = event.info
    return schema


def has_passed(event: Event, now: datetime) -> bool:
    """Whether an event has ended at the build's "now" (what the events pages call past)."""
    return event.end <= now


def add_helpers(generator) -> None:
    from plugins.schedule import build_now

    generator.env.globals.update(
        event_times=event_times,
        event_schema=event_schema,
        event_has_passed=functools.partial(has_passed, now=build_now(generator.settings)),
    )
    generator.env.filters.update(clocktime=clocktime, calendar_url=calendar_url)


# Writing ---------------------------------------------------------------------------------------------


def own_events(generator) -> list:
    """This language's own events (plugins/news_list has set the other languages aside), by start."""
    return sorted((a for a in generator.articles if getattr(a, "event", None)), key=lambda a: a.event.start)


def announce_calendar(generator) -> None:
    """Tell the templates where this language's calendar feed is (None: no events, no feed)."""
    settings = generator.settings
    path = settings["LANGUAGES"][settings["DEFAULT_LANG"]]["pages"].get("calendar")
    generator.context["events_feed"] = path if path and own_events(generator) else None


def split_events(items: list, now: datetime) -> tuple[list, list]:
    """Upcoming events (not yet ended at `now`), soonest first, and past ones, latest first."""
    events = [item for item in items if getattr(item, "event", None)]
    upcoming = sorted((a for a in events if not has_passed(a.event, now)), key=lambda a: a.event.start)
    past = sorted((a for a in events if has_passed(a.event, now)), key=lambda a: a.event.start, reverse=True)
    return upcoming, past


def write_events(generator, writer) -> None:
    from plugins.news_list.news_list import news_items
    from plugins.schedule import build_now

    from .calendar import write_calendar

    settings = generator.settings
    lang = settings["DEFAULT_LANG"]
    for article in own_events(generator):
        write_calendar(generator, [article], calendar_path(article.save_as, article.slug), feed=False)
    if generator.context.get("events_feed"):
        write_calendar(generator, own_events(generator), generator.context["events_feed"], feed=True)
    page_urls = {code: language["pages"].get("events") for code, language in settings["LANGUAGES"].items()}
    url = page_urls.get(lang)
    if not url:
        return
    now = build_now(settings)
    # The other languages' one-language events too, linking to their original (as in the news list).
    upcoming, past = split_events(news_items(generator), now)
    writer.write_file(
        url + "index.html" if url.endswith("/") else url,
        generator.get_template("events"),
        generator.context,
        relative_urls=settings["RELATIVE_URLS"],
        template_name="events",
        page_name="events",
        url=url,
        events_upcoming=upcoming,
        events_past=past,
        events_updated=now,
        counterpart_urls=page_urls,
    )


def register() -> None:
    signals.content_object_init.connect(attach_event)
    signals.generator_init.connect(add_helpers)
    signals.article_generator_finalized.connect(announce_calendar)
    signals.article_writer_finalized.connect(write_events)
