"""What only a browser shows: the EU attribution on arrival at phone width, the language switcher, fonts."""

from __future__ import annotations

import pytest

from tests.support.site_facts import PRESS_FI, PRESS_SV

# The most common phone viewport, and a small old one. Not gatekit/layout.py's PHONE (320×640, WCAG's reflow width).
TYPICAL_PHONE = {"width": 360, "height": 640}
SMALL_PHONE = {"width": 320, "height": 568}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=TYPICAL_PHONE, java_script_enabled=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("viewport", [TYPICAL_PHONE, SMALL_PHONE], ids=["360x640", "320x568"])
@pytest.mark.parametrize(("url", "union"), [("/", "Europeiska unionen"), ("/fi/", "Euroopan unioni")])
def test_eu_emblem_and_union_are_visible_on_arrival_at_phone_width(browser, site_url, url, union, viewport):
    context = browser.new_context(viewport=viewport)
    phone = context.new_page()
    phone.goto(site_url + url)
    emblem = phone.locator(".br-eu-attribution__emblem")
    text = phone.locator(".br-eu-attribution__union")
    assert text.inner_text() == union
    for element in (emblem, text):
        box = element.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0
        assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], "needs scrolling to be seen"
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], "cut off at the side"
    # The emblem really is drawn (not a broken image) at its 3:2 proportions.
    size = emblem.evaluate("img => [img.complete, img.naturalWidth, img.naturalHeight]")
    assert size[0] and size[1] > 0 and abs(size[1] / size[2] - 1.5) < 0.01
    context.close()


def test_eu_text_is_drawn_in_ubuntu_without_italics(phone, site_url):
    phone.goto(site_url + "/")
    phone.evaluate("() => document.fonts.ready.then(() => true)")
    assert phone.locator(".br-eu-attribution__union").evaluate("el => getComputedStyle(el).fontStyle") == "normal"
    assert _drawn_fonts(phone, ".br-eu-attribution__union") == {"Ubuntu"}
    assert _drawn_fonts(phone, ".br-eu-attribution__fund") == {"Ubuntu"}


def test_switching_language_lands_on_the_translation(phone, site_url):
    phone.goto(site_url + PRESS_SV)
    phone.get_by_role("link", name="Suomi").click()
    phone.wait_for_url(site_url + PRESS_FI)
    assert phone.locator("html").get_attribute("lang") == "fi"
    phone.get_by_role("link", name="Svenska").click()
    phone.wait_for_url(site_url + PRESS_SV)
    assert phone.locator("h1").inner_text().startswith("Batteribranschens kompetensbehov")


def test_pages_read_without_javascript(browser, site_url):
    context = browser.new_context(viewport=TYPICAL_PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + PRESS_FI)
    assert page.locator("main h1").is_visible()
    assert "Aurora Pelli" in page.locator("main").inner_text()
    context.close()


def _drawn_fonts(tab, selector: str) -> set[str]:
    """The fonts Chromium really drew the element's text in (not the declared font-family list)."""
    cdp = tab.context.new_cdp_session(tab)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"] for font in fonts}


@pytest.mark.parametrize("url", ["/", "/fi/"])
def test_eu_text_is_drawn_in_ubuntu_even_when_the_font_arrives_late(browser, site_url, url):
    """On a slow connection the fonts come after the first paint: the reference to the Union still shows in Ubuntu."""
    context = browser.new_context(viewport=TYPICAL_PHONE)
    held = []

    def hold(route):
        held.append(route)

    context.route("**/*.woff2", hold)
    tab = context.new_page()
    tab.goto(site_url + url, wait_until="domcontentloaded")
    tab.wait_for_function("performance.getEntriesByType('paint').some(e => e.name === 'first-contentful-paint')")
    for route in held:
        route.continue_()
    tab.wait_for_load_state("load")
    tab.evaluate("() => document.fonts.ready.then(() => true)")
    assert _drawn_fonts(tab, ".br-eu-attribution__union") == {"Ubuntu"}
    assert _drawn_fonts(tab, ".br-eu-attribution__fund") == {"Ubuntu"}
    context.close()
