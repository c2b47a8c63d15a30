"""iCalendar files (RFC 5545, written with the `icalendar` package) for events, in the site's language.

Everything in a file comes from content, never from the clock, so a rebuild writes the same bytes:
UID from the translation key (the same event in every language and file, so a calendar updates it
instead of adding a copy), DTSTAMP from the article's Modified or Date, start and end with the
event's TZID and its VTIMEZONE (drawn from zoneinfo for the years the events span). The words
(place, labels, the feed's name) are the interface catalog's: `invoke catalogs` extracts them from
this file (themes/batteryregion/babel.cfg), so write each as a literal `_("...")` call.
"""

from __future__ import annotations

from datetime import UTC, date
from pathlib import Path
from urllib.parse import urlsplit

from icalendar import Calendar, Timezone
from icalendar import Event as CalendarEvent

from plugins.common import catalog, plain
from plugins.urls import main_siteurl, published_url


def location(event, _) -> str:
    """Where, in words: "Scandic Hotell i Skellefteå eller digitalt", with the address when there is one."""
    if event.venue and event.online:
        place = _("%(venue)s or online") % {"venue": event.venue}
    else:
        place = event.venue or _("Online")
    return f"{place}, {event.address}" if event.address else place


def description(article, _) -> str:
    """The lead, then the moderator, online address and page for more information, each on a line."""
    event = article.event
    lines = [plain(getattr(article, "summary", ""))]
    details = []
    if event.moderator:
        details.append(_("Moderator: %(moderator)s") % {"moderator": event.moderator})
    if event.online_url:
        details.append(_("Join online: %(address)s") % {"address": event.online_url})
    if event.info:
        details.append(_("More information about the event: %(address)s") % {"address": event.info})
    return "\n\n".join(filter(None, [*lines, "\n".join(details)]))


def uid(article, settings) -> str:
    host = urlsplit(settings["CANONICAL_SITEURL"]).hostname
    return f"event-{article.key}@{host}"


def calendar_event(article, context, _) -> CalendarEvent:
    """One VEVENT: the article's event in its own time zone, texts in the article's language."""
    event = article.event
    lang = {"LANGUAGE": article.lang}
    url = published_url(article.url, context["SITEURL"], main_siteurl(context), context["CANONICAL_SITEURL"])
    component = CalendarEvent()
    component.add("uid", uid(article, context))
    component.add("dtstamp", (getattr(article, "modified", None) or article.date).astimezone(UTC))
    component.add("dtstart", event.start)
    component.add("dtend", event.end)
    component.add("summary", plain(article.title), parameters=lang)
    component.add("location", location(event, _), parameters=lang)
    component.add("description", description(article, _), parameters=lang)
    component.add("url", url)
    component.add("status", "CONFIRMED")
    return component


def build_calendar(articles: list, context, feed: bool = False) -> Calendar:
    """A VCALENDAR of `articles` (events of the site's language); a `feed` is named ("Battery Region – Events")."""
    lang = context["DEFAULT_LANG"]
    _ = catalog(context, lang).gettext
    host = urlsplit(context["CANONICAL_SITEURL"]).hostname
    calendar = Calendar()
    calendar.add("prodid", f"-//{context['SITENAME']}//{host}//{lang.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if feed:
        name = f"{context['SITENAME']} – {_('Events')}"
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
    # A VTIMEZONE for each TZID, first, in name order, covering the years of the events only: small, and
    # the same on every build (icalendar's add_missing_timezones() orders them as a set happens to).
    first = date(min(article.event.start for article in articles).year, 1, 1)
    last = date(max(article.event.end for article in articles).year + 1, 1, 1)
    for zone in sorted({article.event.zone for article in articles}):
        calendar.add_component(Timezone.from_tzid(zone, first_date=first, last_date=last))
    for article in articles:
        calendar.add_component(calendar_event(article, context, _))
    return calendar


def write_calendar(generator, articles: list, save_as: str, feed: bool) -> None:
    target = Path(generator.output_path) / save_as
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(build_calendar(articles, generator.context, feed).to_ical())
