"""Gates in Chromium: reflow at 320 CSS px, text at 200%, WCAG text spacing (1.4.10, 1.4.4, 1.4.12)."""

from __future__ import annotations

from tests.gates.gatekit import layout
from tests.gates.gatekit.browser import DESKTOP
from tests.gates.gatekit.problems import assert_no_problems
from tests.gates.gatekit.sitemodel import pages_to_open, where


def _each_page(site_browser, viewport, check, label, pages=None):
    site, problems = site_browser.site, []
    visit = site_browser.visit(viewport)
    for page in pages if pages is not None else pages_to_open(site):
        tab = site_browser.open(visit, page)
        problems += check(tab, where(site, page, label))
    visit.close()
    return problems


def test_pages_reflow_at_320_css_px(site_browser):
    assert_no_problems("reflow at 320 px", _each_page(site_browser, layout.PHONE, layout.check_reflow, "320 px"))


def test_text_at_200_percent_is_not_clipped(site_browser):
    assert_no_problems(
        "text at 200%", _each_page(site_browser, DESKTOP, layout.check_text_resize, "1280 px, text 200%")
    )


def test_wcag_text_spacing_breaks_nothing(site_browser):
    # Narrow is where added spacing overflows; desktop once per page type, for what only a wide layout clips.
    problems = _each_page(site_browser, layout.PHONE, layout.check_text_spacing, "320 px, text spacing")
    problems += _each_page(
        site_browser, DESKTOP, layout.check_text_spacing, "1280 px, text spacing", site_browser.site.samples()
    )
    assert_no_problems("text spacing", problems)
