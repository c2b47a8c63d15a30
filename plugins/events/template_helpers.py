"""What the templates show of an event, added to every generator's Jinja environment on `generator_init`.

Globals: `event_times()` (start and end in the event's own zone and every zone of EVENT_TIMEZONES, with
the UTC offsets zoneinfo gives for that day) and `event_has_passed()` (at the build's "now", plugins/schedule).
Filters: `clocktime` ("9.00" or "09:00", Babel, in the page's language's pattern: LANGUAGES "clock"; a language
without one is refused on `generator_init`) and `calendar_url` (the event's .ics, beside its page). The schema.org
Event of an event page is built with the rest of its JSON-LD (plugins/structured_data).
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_time
from jinja2 import pass_context

from plugins.schedule import build_now

from .model import Event, EventError, has_passed


class ClockError(ValueError):
    """A language of LANGUAGES has no pattern for its times of day; the message says what to add where."""


@dataclass(frozen=True)
class ZoneTimes:
    """An event's start and end in one time zone, with the zone's name (EVENT_TIMEZONES, English: the template
    says it in the page's language)."""

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


def utc_offset(moment: datetime) -> str:
    """ "UTC+2", "UTC+5:30", "UTC−3": the offset zoneinfo gives for that moment."""
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "\N{MINUS SIGN}"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


@pass_context
def event_times(context, event: Event) -> EventTimes:
    """The event's start and end in its own zone first, then in every other zone of EVENT_TIMEZONES."""
    names = context.get("EVENT_TIMEZONES") or {}
    zones = [event.zone, *(zone for zone in names if zone != event.zone)]
    missing = [zone for zone in zones if not names.get(zone)]
    if missing:
        raise EventError(
            f"no name for the time zone {', '.join(missing)}: add it to EVENT_TIMEZONES in pelicanconf.py with"
            ' its name in English, N_("... time"), then run `invoke catalogs` and translate the name'
        )
    lines = []
    for zone in zones:
        tz = ZoneInfo(zone)
        start, end = event.start.astimezone(tz), event.end.astimezone(tz)
        offsets = dict.fromkeys([utc_offset(start), utc_offset(end)])
        lines.append(ZoneTimes(zone, names[zone], start, end, "/".join(offsets)))
    days = {moment.date() for line in lines for moment in (line.start, line.end)}
    return EventTimes(lines, days.pop() if len(days) == 1 else None)


def check_clocks(languages: dict) -> None:
    """Every language writes times of day in its own way (Swedish and Finnish press releases 9.00, English 09:00;
    CLDR's Swedish says 09:00, so it is not taken from Babel): refuse one without its pattern."""
    missing = [
        f'pelicanconf.py: LANGUAGES["{code}"] ({language.get("name", code)}) has no "clock", the Babel (CLDR) pattern'
        ' of a time of day on its pages — add it, as the Swedish entry has "clock": "H.mm" (9.00; "HH:mm" is 09:00)'
        for code, language in languages.items()
        if not language.get("clock")
    ]
    if missing:
        raise ClockError("\n".join(missing))


@pass_context
def clocktime(context, value: datetime) -> str:
    """The time of day as the page's language writes it ("9.00", "09:00": Babel), in the value's own zone."""
    language = context["LANGUAGES"][context["DEFAULT_LANG"]]
    return format_time(value.replace(tzinfo=None).time(), language["clock"], locale=language["locale"])


def calendar_path(path: str, slug: str) -> str:
    """The .ics of an event beside its page: 2022/06/30/slutkonferens/slutkonferens.ics."""
    return posixpath.join(posixpath.dirname(path), f"{slug}.ics")


def calendar_url(article) -> str:
    return calendar_path(article.url, article.slug)


def add_helpers(generator) -> None:
    check_clocks(generator.settings.get("LANGUAGES") or {})
    generator.env.globals.update(
        event_times=event_times,
        event_has_passed=functools.partial(has_passed, now=build_now(generator.settings)),
    )
    generator.env.filters.update(clocktime=clocktime, calendar_url=calendar_url)
