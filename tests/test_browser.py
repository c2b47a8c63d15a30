"""What only a browser shows: the EU attribution on arrival at phone width, the language switcher, fonts."""

from __future__ import annotations

import pytest

from tests.test_site import PRESS_FI, PRESS_SV

PHONE = {"width": 360, "height": 640}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(("url", "union"), [("/", "Europeiska unionen"), ("/fi/", "Euroopan unioni")])
def test_eu_emblem_and_union_are_visible_on_arrival_at_phone_width(phone, site_url, url, union):
    phone.goto(site_url + url)
    emblem = phone.locator(".br-eu__emblem")
    text = phone.locator(".br-eu__union")
    assert text.inner_text() == union
    for element in (emblem, text):
        box = element.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], "needs scrolling to be seen"
    # The emblem really is drawn (not a broken image) at its 3:2 proportions.
    size = emblem.evaluate("img => [img.complete, img.naturalWidth, img.naturalHeight]")
    assert size[0] and size[1] > 0 and abs(size[1] / size[2] - 1.5) < 0.01


def test_eu_text_is_set_in_ubuntu_without_italics(phone, site_url):
    phone.goto(site_url + "/")
    phone.evaluate("() => document.fonts.ready")
    style = phone.locator(".br-eu__union").evaluate(
        "el => [getComputedStyle(el).fontFamily, getComputedStyle(el).fontStyle]"
    )
    assert style[0].split(",")[0].strip("\"' ") == "Ubuntu"
    assert style[1] == "normal"
    assert phone.evaluate("() => document.fonts.check('700 16px Ubuntu')")
    loaded = phone.evaluate("() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert "Ubuntu" in [family.strip("\"'") for family in loaded]


def test_switching_language_lands_on_the_translation(phone, site_url):
    phone.goto(site_url + PRESS_SV)
    phone.get_by_role("link", name="Suomi").click()
    phone.wait_for_url(site_url + PRESS_FI)
    assert phone.locator("html").get_attribute("lang") == "fi"
    phone.get_by_role("link", name="Svenska").click()
    phone.wait_for_url(site_url + PRESS_SV)
    assert phone.locator("h1").inner_text().startswith("Batteribranschens kompetensbehov")


def test_pages_read_without_javascript(browser, site_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + PRESS_FI)
    assert page.locator("main h1").is_visible()
    assert "Aurora Pelli" in page.locator("main").inner_text()
    context.close()
