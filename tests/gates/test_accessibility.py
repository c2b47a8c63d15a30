"""Gates in Chromium: axe-core on every page type in both languages, and keyboard use."""

from __future__ import annotations

from tests.gates.gatekit import axe, keyboard
from tests.gates.gatekit.browser import DESKTOP
from tests.gates.gatekit.layout import PHONE
from tests.gates.gatekit.problems import assert_no_problems
from tests.gates.gatekit.sitemodel import pages_to_open, where


def test_axe_finds_no_violations_and_every_incomplete_result_is_reviewed(site_browser, gate_report):
    site, reviews = site_browser.site, axe.load_reviews()
    # Every page at desktop width; one page per type and language at phone width, where the layout changes.
    plan = [("desktop", DESKTOP, pages_to_open(site)), ("phone", PHONE, site.samples())]
    problems, reviewed, version = [], [], ""
    for viewport_name, viewport, pages in plan:
        visit = site_browser.visit(viewport)
        for page in pages:
            tab = site_browser.open(visit, page)
            results = axe.run(tab)
            version = results["version"]
            verdict = axe.judge(results, where(site, page, viewport_name), page.page_type, reviews)
            problems += verdict.violations + verdict.unreviewed
            reviewed += verdict.reviewed
        visit.close()
    section = gate_report.setdefault("axe-core incomplete results (reviewed)", [])
    section.append(f"{site.name}: axe-core {version}, tags {', '.join(axe.TAGS)}: {len(reviewed)} reviewed incomplete")
    section += [
        f"{problem.page} {problem.rule} {problem.element}: OK because {review.reason}" for problem, review in reviewed
    ]
    assert_no_problems("axe-core", problems)


def _keyboard_gate(site_browser, check, gate: str) -> None:
    """Run a keyboard check on every sampled page at desktop and phone width."""
    site, problems = site_browser.site, []
    for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        visit = site_browser.visit(viewport)
        for page in site.samples():
            tab = site_browser.open(visit, page)
            problems += check(tab, where(site, page, viewport_name))
        visit.close()
    assert_no_problems(gate, problems)


def test_first_tab_reaches_a_visible_skip_link_to_main(site_browser):
    _keyboard_gate(site_browser, keyboard.check_skip_link, "skip link")


def test_every_interactive_element_shows_a_focus_indicator(site_browser):
    _keyboard_gate(site_browser, keyboard.check_focus_indicators, "focus indicator")
