"""Gate in Chromium: every page type and a language switch request nothing but the site, and store nothing."""

from __future__ import annotations

import pytest

from tests.gates.gatekit import privacy
from tests.gates.gatekit.problems import assert_no_problems
from tests.gates.gatekit.sitemodel import where


# The corpus has the same page types from the same templates: nothing in it would request anything else.
@pytest.mark.real_site_only
def test_requests_stay_on_the_site_and_nothing_is_stored(site_browser, gate_report):
    site, problems, count = site_browser.site, [], 0
    for page in site.samples():
        label = where(site, page)
        visit = site_browser.visit()
        tab = site_browser.open(visit, page)
        problems += privacy.check_storage(tab, visit, label)
        problems += privacy.run_search(tab, label)  # on the search pages: a real query
        problems += privacy.switch_language(tab, label)
        problems += privacy.check_storage(tab, visit, f"{label} → {tab.url}")
        # An event page (and an events page) offers its calendar file: opening it stores nothing either.
        calendar = privacy.open_calendar(site_browser, tab, label)
        problems += calendar or privacy.check_storage(tab, visit, f"{label} → .ics")
        problems += privacy.check_requests(site_browser, visit, label)
        count += len(visit.requests)
        visit.close()
    gate_report.setdefault("privacy", []).append(
        f"{site.name}: {len(site.samples())} page types × languages, each with a language switch: {count} requests recorded"
    )
    assert_no_problems("privacy", problems)
