"""Gates in Chromium: budgets per page type, no render-blocking third party, no layout shift, no broken resource."""

from __future__ import annotations

from tests.gates.gatekit import budgets
from tests.gates.gatekit.browser import DESKTOP
from tests.gates.gatekit.layout import PHONE
from tests.gates.gatekit.problems import Problem, assert_no_problems
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


# Layout shifts come from the templates, the stylesheet, the fonts and the photos: the corpus's sampled article has
# a lead photo and one in the text, its lists thumbnails (tests/corpus.py), which the real site does not have yet.
def test_no_layout_shift_while_loading(site_browser, gate_report):
    site, problems = site_browser.site, []
    section = gate_report.setdefault("layout shift (fonts held until first paint, every image loaded)", [])
    photos_on_articles = 0
    for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        for page in site.samples():
            label = where(site, page, viewport_name)
            visit = site_browser.visit(viewport)
            tab, late = budgets.open_with_late_fonts_and_images(site_browser, visit, page, label)
            photos, not_loaded = budgets.load_every_image(tab, label)
            problems += late + not_loaded + budgets.check_layout_shift(tab, label)
            if photos:
                section.append(f"{label}: {photos} photo(s) loaded")
            if page.page_type == "article":
                photos_on_articles = max(photos_on_articles, photos)
            visit.close()
    if site.name == "corpus" and photos_on_articles < 2:
        problems.append(
            Problem(
                f"{site.name}: sampled articles",
                "no-photo-article",
                "",
                "the gates sample no article with a lead photo and a photo in the text:"
                " tests/corpus.py gives the oldest pair both",
            )
        )
    assert_no_problems("layout shift", problems)
