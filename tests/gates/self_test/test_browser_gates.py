"""The gates that need Chromium catch what they should, on fixture sites that break one rule each."""

from __future__ import annotations

from tests.gates.gatekit import axe, budgets, keyboard, layout, privacy
from tests.gates.gatekit.browser import DESKTOP


def rules(problems) -> set[str]:
    return {problem.rule for problem in problems}


def open_page(fixture_browser, name, url="/", viewport=None):
    browser = fixture_browser(name)
    visit = browser.visit(viewport or DESKTOP)
    return browser, visit, browser.open(visit, url)


def test_a_well_made_page_passes_every_browser_gate(fixture_browser):
    browser = fixture_browser("good_site")
    for url in ("/", "/fi/", "/artikel/"):
        visit = browser.visit()
        tab = browser.open(visit, url)
        verdict = axe.judge(axe.run(tab), url, "index", [])
        assert verdict.violations == [] and verdict.unreviewed == []
        tab = browser.open(visit, url)
        assert keyboard.check_skip_link(tab, url) == []
        tab = browser.open(visit, url)
        assert keyboard.check_focus_indicators(tab, url) == []
        tab = browser.open(visit, url)
        assert layout.check_text_resize(tab, url) == []
        tab = browser.open(visit, url)
        assert layout.check_text_spacing(tab, url) == []
        assert privacy.check_storage(tab, visit, url) == []
        assert budgets.check_failed_requests(visit, url) == []
        assert privacy.check_requests(browser, visit, url) == []
        visit.close()
        phone = browser.visit(layout.PHONE)
        assert layout.check_reflow(browser.open(phone, url), url) == []
        phone.close()


def test_a_language_switch_is_followed_and_stays_on_the_site(fixture_browser):
    browser, visit, tab = open_page(fixture_browser, "good_site")
    assert privacy.switch_language(tab, "/") == []
    assert tab.url.endswith("/fi/")
    assert privacy.check_requests(browser, visit, "/") == []
    visit.close()


def test_axe_reports_an_image_without_alt_with_page_rule_and_element(fixture_browser):
    _, visit, tab = open_page(fixture_browser, "missing_alt")
    verdict = axe.judge(axe.run(tab), "missing_alt:/", "index", [])
    visit.close()
    image = [problem for problem in verdict.violations if problem.rule == "axe:image-alt"]
    assert image and image[0].page == "missing_alt:/" and "<img" in image[0].element


def test_no_skip_link_first_is_reported(fixture_browser):
    _, visit, tab = open_page(fixture_browser, "no_skip_link")
    assert rules(keyboard.check_skip_link(tab, "p")) == {"skip-link"}
    visit.close()


def test_a_skip_link_that_stays_off_screen_is_reported(fixture_browser):
    _, visit, tab = open_page(fixture_browser, "hidden_skip_link")
    assert rules(keyboard.check_skip_link(tab, "p")) == {"skip-link-visible"}
    visit.close()


def test_a_link_without_focus_indicator_is_reported(fixture_browser):
    _, visit, tab = open_page(fixture_browser, "no_focus_indicator")
    problems = keyboard.check_focus_indicators(tab, "p")
    visit.close()
    assert rules(problems) == {"focus-indicator"}
    assert len(problems) == 2  # the skip link and the link in the text


def test_a_fixed_width_box_and_an_unbroken_url_overflow_at_320_px(fixture_browser):
    _, visit, tab = open_page(fixture_browser, "overflow_320", viewport=layout.PHONE)
    problems = layout.check_reflow(tab, "p")
    visit.close()
    elements = " ".join(problem.element for problem in problems)
    assert rules(problems) == {"reflow-320"}
    assert "div.wide" in elements and "https://batteryregion.eu/2022" in elements


def test_overflow_hidden_on_body_is_reported(fixture_browser):
    _, visit, tab = open_page(fixture_browser, "overflow_hidden_body", viewport=layout.PHONE)
    assert rules(layout.check_reflow(tab, "p")) == {"reflow-overflow-hidden"}
    visit.close()


def test_text_sized_in_px_does_not_follow_the_readers_text_size(fixture_browser):
    _, visit, tab = open_page(fixture_browser, "px_font_size")
    assert rules(layout.check_text_resize(tab, "p")) == {"resize-text"}
    visit.close()


def test_a_fixed_height_box_clips_text_at_200_percent(fixture_browser):
    browser, visit, tab = open_page(fixture_browser, "fixed_height_box")
    assert layout.check_text_spacing(tab, "p") == []  # fits at the normal size
    assert rules(layout.check_text_resize(browser.open(visit, "/"), "p")) == {"resize-clipped"}
    visit.close()


def test_wcag_text_spacing_clipping_a_box_is_reported(fixture_browser):
    _, visit, tab = open_page(fixture_browser, "text_spacing_clip")
    assert rules(layout.check_text_spacing(tab, "p")) == {"text-spacing-clipped"}
    visit.close()


def test_third_party_requests_are_recorded_and_a_blocking_stylesheet_is_reported(fixture_browser):
    browser, visit, tab = open_page(fixture_browser, "third_party")
    requests = privacy.check_requests(browser, visit, "p")
    blocking = budgets.check_render_blocking(browser, tab, "p")
    visit.close()
    assert {problem.element for problem in requests} == {
        "https://cdn.example.com/typsnitt.css",
        "https://tracker.example.net/pixel.gif",
    }
    assert rules(blocking) == {"render-blocking-third-party"}


def test_cookies_and_web_storage_are_reported(fixture_browser):
    _, visit, tab = open_page(fixture_browser, "storage")
    problems = privacy.check_storage(tab, visit, "p")
    visit.close()
    assert rules(problems) == {"privacy-cookie", "privacy-storage"}
    assert {problem.element for problem in problems if problem.rule == "privacy-storage"} >= {
        "localStorage: besök",
        "sessionStorage: flik",
    }


def test_content_pushed_down_after_load_is_a_layout_shift(fixture_browser):
    browser = fixture_browser("layout_shift")
    visit = browser.visit()
    tab, late = budgets.open_with_late_fonts_and_images(browser, visit, browser.site.by_url["/"], "p")
    problems = late + budgets.check_layout_shift(tab, "p")
    visit.close()
    assert rules(problems) == {"layout-shift"}


def test_a_photo_without_width_and_height_is_a_layout_shift(fixture_browser):
    """It arrives after the text is painted (held back as on a slow connection) and pushes the text down."""
    browser = fixture_browser("image_without_size")
    visit = browser.visit()
    tab, late = budgets.open_with_late_fonts_and_images(browser, visit, browser.site.by_url["/"], "p")
    _photos, not_loaded = budgets.load_every_image(tab, "p")
    problems = late + not_loaded + budgets.check_layout_shift(tab, "p")
    visit.close()
    assert rules(problems) == {"layout-shift"}


def test_a_missing_stylesheet_is_a_broken_resource(fixture_browser):
    _, visit, _ = open_page(fixture_browser, "missing_asset")
    problems = budgets.check_failed_requests(visit, "p")
    visit.close()
    assert [(problem.rule, problem.detail) for problem in problems] == [("resource-missing", "HTTP 404")]
