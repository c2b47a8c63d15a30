"""Localised dates with Babel (CLDR data), independent of the OS locales this machine lacks.

Adds the Jinja filters `localdate` ("15 september 2022", "15. syyskuuta 2022"), `isodate`
(for `<time datetime>`) and `contentdate` (metadata dates only as precise as the content gives them) to every generator's environment on `generator_init`.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date
from jinja2 import pass_context
from pelican import signals


@pass_context
def localdate(context, value: date | datetime, style: str = "long") -> str:
    """Format a date in the language of the page being rendered."""
    return format_date(value, format=style, locale=context["LANGUAGES"][context["DEFAULT_LANG"]]["locale"])


def isodate(value: date | datetime) -> str:
    """The date as YYYY-MM-DD, for machine-readable `datetime` attributes."""
    return value.strftime("%Y-%m-%d")


def contentdate(value: datetime) -> str:
    """The content's date as precisely as the editor gave it: `2022-09-15`, or with the time if one was written.

    Pelican reads `Date: 2022-09-15` as midnight; claiming "published at 00:00" would invent a fact.
    """
    if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
        return value.strftime("%Y-%m-%d")
    return value.isoformat()


def add_filters(generator) -> None:
    generator.env.filters.update(localdate=localdate, isodate=isodate, contentdate=contentdate)


def register() -> None:
    signals.generator_init.connect(add_filters)
