"""Events: articles with `Start:`, shown with their times in every zone the site names, and in calendars.

model (the Event, on `content_object_init`), template_helpers (on `generator_init`), pages (the events
pages, on `article_generator_finalized` and `article_writer_finalized`) and ics (the calendar files).
"""

from pelican import signals

from .model import attach_event
from .pages import announce_calendar, write_events
from .template_helpers import add_helpers


def register() -> None:
    signals.content_object_init.connect(attach_event)
    signals.generator_init.connect(add_helpers)
    signals.article_generator_finalized.connect(announce_calendar)
    signals.article_writer_finalized.connect(write_events)
