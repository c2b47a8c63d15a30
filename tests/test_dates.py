"""Dates in Swedish and Finnish from CLDR data, whatever locales the machine has (plugins/babel_dates)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from plugins.babel_dates.babel_dates import contentdate, isodate, localdate
from tests.support.html import one, page, text
from tests.support.site_facts import PRESS_FI, PRESS_SV


def test_dates_are_localised_with_babel(site):
    sv = one(page(site, PRESS_SV), '//main//time[contains(concat(" ", @class, " "), " br-article__date ")]')
    fi = one(page(site, PRESS_FI), '//main//time[contains(concat(" ", @class, " "), " br-article__date ")]')
    assert (text(sv), sv.get("datetime")) == ("15 september 2022", "2022-09-15")
    assert (text(fi), fi.get("datetime")) == ("15. syyskuuta 2022", "2022-09-15")


LOCALES = {"sv": {"locale": "sv_SE"}, "fi": {"locale": "fi_FI"}}


@pytest.mark.parametrize(
    ("lang", "value", "shown"),
    [
        ("sv", date(2022, 9, 15), "15 september 2022"),
        ("fi", date(2022, 9, 15), "15. syyskuuta 2022"),
        ("sv", datetime(2022, 1, 1, 23, 59), "1 januari 2022"),
        ("fi", date(2022, 7, 1), "1. heinäkuuta 2022"),
    ],
)
def test_localdate_is_the_date_in_the_pages_language(lang, value, shown):
    assert localdate({"LANGUAGES": LOCALES, "DEFAULT_LANG": lang}, value) == shown


def test_isodate_and_contentdate_claim_no_more_precision_than_the_content_gives():
    assert isodate(datetime(2022, 9, 15, 10, 30)) == "2022-09-15"
    assert contentdate(datetime(2022, 9, 15)) == "2022-09-15"
    assert contentdate(datetime(2022, 9, 15, 10, 30)) == "2022-09-15T10:30:00"
