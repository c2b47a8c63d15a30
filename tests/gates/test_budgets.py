"""Gates in Chromium: budgets per page type, no render-blocking third party, no layout shift, no broken resource."""

from __future__ import annotations

import pytest

from tests.gates.gatekit import budgets
from tests.gates.gatekit.browser import DESKTOP
from tests.gates.gatekit.layout import PHONE
from tests.gates.gatekit.problems import assert_no_problems
from tests.gates.gatekit.sitemodel import where


def test_each_page_type_keeps_its_budget(site_browser, gate_report):
    site, problems = site_browser.site, []
    section = gate_report.setdefault("budgets (first visit, cold cache)", [])
    for page in site.samples():
        label = where(site, page)
        visit = site_browser.visit()
        tab = site_browser.open(visit, page)
        problems += budgets.check_render_blocking(site_browser, tab, label)
        problems += budgets.check_failed_requests(visit, label)
        measurement = budgets.measure(visit)
        problems += budgets.check_budget(measurement, budgets.load_budgets(page.page_type), label)
        section.append(f"{label}: {measurement.summary()}")
        visit.close()
    assert_no_problems("budgets", problems)


# Layout shifts come from the templates, the stylesheet and the fonts, which the corpus shares.
@pytest.mark.real_site_only
def test_no_layout_shift_while_loading(site_browser):
    site, problems = site_browser.site, []
    for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        for page in site.samples():
            label = where(site, page, viewport_name)
            visit = site_browser.visit(viewport)
            tab, late = budgets.open_with_late_fonts(site_browser, visit, page, label)
            problems += late + budgets.check_layout_shift(tab, label)
            visit.close()
    assert_no_problems("layout shift", problems)
