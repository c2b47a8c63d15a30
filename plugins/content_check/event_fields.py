"""Checks of event fields: an article with `Start:` is an event (plugins/events shows it and writes its .ics,
and lists its keys: EVENT_KEYS).

Start and End are local times in Timezone (an IANA name the site can name in words: EVENT_TIMEZONES);
an event is held at a Venue, online (`Online: yes` or the address of the stream), or both. Where the
Venue is may be given as its Address (street), Locality (town) and Country (ISO 3166-1 code, `SE`):
plugins/events puts them into the event's schema.org address. A translation describes the same event:
its Start, End and Timezone are those of its original.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from plugins.common import display_path
from plugins.events.model import EVENT_KEYS, SHARED_KEYS

from .content_index import ContentIndex, parse_date, slug_for
from .document import PLACEHOLDER_PATTERN, Document
from .problem import Problem

# The parts of a Venue's address: they describe where the Venue is, so they need one.
ADDRESS_KEYS = ("Address", "Locality", "Country")
# ISO 3166-1 alpha-2, as schema.org's addressCountry takes it.
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
ONLINE_WORDS = ("yes", "no")


def _given(doc: Document, key: str) -> str | None:
    """The value of a field an editor has filled in (a placeholder is not filled in yet)."""
    value = doc.value(key)
    return value if value and not PLACEHOLDER_PATTERN.search(value) else None


def _zones(index: ContentIndex) -> list[str]:
    return list(index.settings.get("EVENT_TIMEZONES") or [index.settings.get("TIMEZONE") or "UTC"])


def events_category(settings: dict) -> dict[str, str] | None:
    """The category of events (every name): the one named like the events pages (LANGUAGES "events": evenemang/)."""
    pages = {code: language["pages"].get("events") for code, language in (settings.get("LANGUAGES") or {}).items()}
    for entry in settings.get("CATEGORIES", []):
        if any(slug_for(name, settings) == str(pages.get(lang, "")).strip("/") for lang, name in entry.items()):
            return entry
    return None


def check_event(doc: Document, index: ContentIndex) -> Iterator[Problem]:
    """Start and End readable and in order, a time zone the site names, a place to go, sane links."""
    present = [key for key in EVENT_KEYS if key.lower() in doc.fields]
    events = events_category(index.settings) or {}
    if not present and doc.kind == "article" and doc.value("category") in events.values():
        # A note, not an error: the category also holds news about events (a report afterwards has no
        # time to give), and only the editor knows which this is.
        yield Problem(
            doc.path,
            doc.line("category"),
            f"Category {doc.value('category')}, but no Start: this article is not on the events page"
            " or in the calendar",
            "nothing to do if it is news about an event; if it announces one, add Start, End, Timezone and"
            " Venue (or Online) as in docs/editing.md, section Evenemang",
            severity="note",
        )
    # On a page, check_metadata already says "a page has no Start".
    if not present or doc.kind != "article":
        return
    p = doc.path
    if "start" not in doc.fields:
        yield Problem(
            p,
            doc.line(present[0]),
            f"{', '.join(present)} without Start: only an event has these fields",
            "add `Start: 2022-09-22 09:00` (when the event begins), or remove the event fields",
        )
        return
    zones = _zones(index)
    zone_list = " or ".join(f"`Timezone: {zone}`" for zone in zones)
    tz = None
    zone = doc.value("timezone")
    # A misspelt `Timezone:` is reported as an unknown key, with the correction, by check_metadata.
    misspelt = "timezone" not in doc.fields and difflib.get_close_matches("timezone", doc.fields, cutoff=0.8)
    if not zone and not misspelt:
        yield Problem(
            p,
            doc.line("timezone") or doc.line("start"),
            "the event has no Timezone, so its times could be Swedish or Finnish time",
            f"add the time zone of the place where it is held: {zone_list}",
        )
    elif zone and not PLACEHOLDER_PATTERN.search(zone):
        try:
            tz = ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            yield Problem(p, doc.line("timezone"), f"Timezone {zone!r} is not a time zone name", f"write {zone_list}")
        else:
            if zone not in zones:
                yield Problem(
                    p,
                    doc.line("timezone"),
                    f"Timezone {zone} is not one this site names in words",
                    f"write {zone_list} (a developer can add more to EVENT_TIMEZONES in pelicanconf.py)",
                )
    times: dict[str, datetime] = {}
    for key in ("Start", "End"):
        if key.lower() not in doc.fields:
            yield Problem(
                p,
                doc.line("start"),
                f"the event has a Start but no {key}",
                f"add a line `{key}: YYYY-MM-DD HH:MM` with the date and time it ends, e.g. `{key}: 2022-09-22 15:00`",
            )
            continue
        value = _given(doc, key)
        if value is None:
            if not doc.value(key):
                yield Problem(
                    p, doc.line(key), f"{key} is empty", f"write it after `{key}:`, e.g. `{key}: 2022-09-22 09:00`"
                )
            continue
        moment, reason = parse_date(value)
        if moment is None and reason == "shape":
            yield Problem(
                p,
                doc.line(key),
                f"{key} {value!r} is not written as YYYY-MM-DD HH:MM",
                f"write e.g. `{key}: 2022-09-22 09:00` (local time where the event is held)",
            )
        elif moment is None:
            yield Problem(
                p,
                doc.line(key),
                f"{key} {value!r} does not exist ({reason})",
                "check the year, month and day (and hour 0–23, minute 0–59)",
            )
        else:
            times[key] = moment.replace(tzinfo=tz)
            if tz is not None:
                yield from _check_clock(doc, key, moment, tz)
    if len(times) == 2 and times["End"] <= times["Start"]:
        yield Problem(
            p,
            doc.line("end"),
            f"End {doc.value('end')} is {'the same as' if times['End'] == times['Start'] else 'before'}"
            f" Start {doc.value('start')}",
            "End is when the event finishes: check the dates and times of both lines",
        )
    yield from _check_place(doc)


def _repeated_or_skipped(moment: datetime, tz: ZoneInfo) -> tuple[str, datetime, datetime] | None:
    """("skipped" or "repeated", first, last minute) when the clocks of `tz` skip or repeat `moment` that night."""

    def kind(wall: datetime) -> str | None:
        aware = wall.replace(tzinfo=tz)
        if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != wall:
            return "skipped"
        if aware.replace(fold=0).utcoffset() != aware.replace(fold=1).utcoffset():
            return "repeated"
        return None

    found = kind(moment)
    if found is None:
        return None
    first = last = moment
    while kind(first - timedelta(minutes=1)) == found and moment - first < timedelta(hours=3):
        first -= timedelta(minutes=1)
    while kind(last + timedelta(minutes=1)) == found and last - moment < timedelta(hours=3):
        last += timedelta(minutes=1)
    return found, first, last


def _check_clock(doc: Document, key: str, moment: datetime, tz: ZoneInfo) -> Iterator[Problem]:
    """A local time the clocks skip (summer time begins) or show twice (it ends) says no one moment."""
    found = _repeated_or_skipped(moment, tz)
    if found is None:
        return
    kind, first, last = found
    end = last + timedelta(minutes=1)
    hours = f"{first:%H:%M}–{end:%H:%M}"
    if kind == "skipped":
        later = moment.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
        yield Problem(
            doc.path,
            doc.line(key),
            f"{key} {doc.value(key)} does not exist in {tz.key}: that night the clocks jump from"
            f" {first:%H:%M} to {end:%H:%M} (summer time begins)",
            f"check the time; the clocks then show {later:%H:%M} at that moment: `{key}: {later:%Y-%m-%d %H:%M}`",
        )
    else:
        yield Problem(
            doc.path,
            doc.line(key),
            f"{key} {doc.value(key)} happens twice in {tz.key}: that night the clocks go back and show {hours}"
            " twice (summer time ends)",
            f"check the time: a time outside {hours} says which moment is meant",
        )


def _check_place(doc: Document) -> Iterator[Problem]:
    p = doc.path
    online = _given(doc, "online")
    if online and online.lower() not in ONLINE_WORDS and not online.startswith("https://"):
        yield Problem(
            p,
            doc.line("online"),
            f"Online {online!r} is neither yes, no nor an https:// address",
            "write `Online: yes` if the event can also be followed online (or the https:// address of the"
            " stream), `Online: no` or nothing if it cannot",
        )
        return
    undecided = online is None and bool(doc.value("online"))  # a placeholder, in a draft
    in_person_only = not undecided and (not online or online.lower() == "no")
    if in_person_only and doc.value("venue") is None:
        yield Problem(
            p,
            doc.line("start"),
            "the event is held in person (no `Online:`), but there is no Venue",
            "add `Venue: <where it is held>`, e.g. `Venue: Scandic Hotell i Skellefteå`,"
            " or `Online: yes` if it is held online only",
        )
    elif "venue" in doc.fields and not doc.value("venue"):
        yield Problem(p, doc.line("venue"), "Venue is empty", "write where the event is held, or remove the line")
    orphans = [key for key in ADDRESS_KEYS if key.lower() in doc.fields] if doc.value("venue") is None else []
    if orphans:
        yield Problem(
            p,
            doc.line(orphans[0]),
            f"{', '.join(orphans)} without a Venue: they say where the Venue is",
            "add `Venue: <where it is held>`, or remove these lines",
        )
    country = _given(doc, "country")
    if country and not COUNTRY_CODE.match(country):
        yield Problem(
            p,
            doc.line("country"),
            f"Country {country!r} is not a two-letter country code",
            "write the ISO 3166-1 code in capitals: `Country: SE` (Sweden) or `Country: FI` (Finland)",
        )
    info = _given(doc, "info")
    if info and not info.startswith(("https://", "http://")):
        yield Problem(
            p,
            doc.line("info"),
            f"Info {info!r} is not a web address",
            "write the full address of the page with more information: `Info: https://...`",
        )


def check_event_pairs(index: ContentIndex) -> Iterator[Problem]:
    """A translation of an event is the same event: Start, End and Timezone as in its original."""
    by_key: dict[str, dict[str, Document]] = defaultdict(dict)
    for doc in index.docs:
        if doc.kind == "article" and doc.key and doc.lang in index.languages:
            by_key[doc.key].setdefault(doc.lang, doc)
    for pair in by_key.values():
        for doc in pair.values():
            original = pair.get(doc.value("original") or "")
            if original is None or original is doc:
                continue
            for key in SHARED_KEYS:
                mine, theirs = doc.value(key), original.value(key)
                if mine != theirs and (mine or theirs):
                    shown = display_path(original.path)
                    yield Problem(
                        doc.path,
                        doc.line(key),
                        f"{key} {mine!r} differs from its original {shown} ({theirs!r})"
                        if mine is not None
                        else f"{key} is missing, but its original {shown} has `{key}: {theirs}`",
                        f"write `{key}: {theirs}` as in the original (a translation describes the same event)"
                        if theirs is not None
                        else f"remove the {key}: line, or add it to the original too",
                    )
