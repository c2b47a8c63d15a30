"""What each language writes of its events, on `article_generator_finalized` and `article_writer_finalized`.

First the templates learn whether this language has a calendar feed (LANGUAGES "calendar"); then each
language writes one .ics per event beside its page, the calendar feed with all its events (ics), and its
events page (LANGUAGES "events"): upcoming and past events, split at the build's "now" (plugins/schedule).
"""

from __future__ import annotations

from plugins.news_list.news_list import news_items
from plugins.schedule import build_now

from .ics import write_calendar
from .model import split_events
from .template_helpers import calendar_path


def own_events(generator) -> list:
    """This language's own events (plugins/news_list has set the other languages aside), by start."""
    return sorted((a for a in generator.articles if getattr(a, "event", None)), key=lambda a: a.event.start)


def announce_calendar(generator) -> None:
    """Tell the templates where this language's calendar feed is (None: no events, no feed)."""
    settings = generator.settings
    path = settings["LANGUAGES"][settings["DEFAULT_LANG"]]["pages"].get("calendar")
    generator.context["events_feed"] = path if path and own_events(generator) else None


def write_events(generator, writer) -> None:
    """Each event's .ics, the calendar feed, and the events page of this language."""
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
