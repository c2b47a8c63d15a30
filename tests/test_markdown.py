"""What Markdown content becomes beyond Pelican's own: links to the live address lead within the site being
built (plugins/internal_links), and `[phrase]{lang=en}` marks a phrase in another language (plugins/markdown_spans).
"""

from __future__ import annotations

import pytest

from plugins.internal_links.internal_links import rewrite
from tests.support.html import page, text
from tests.support.site_facts import CONFERENCE_FI, CONFERENCE_SV, PRESS_FI, PRESS_SV

CANONICAL = "https://batteryregion.eu"


@pytest.mark.parametrize("url", [PRESS_SV, PRESS_FI])
def test_english_phrases_carry_their_language(site, url):
    spans = {text(span) for span in page(site, url).xpath('//main//*[@lang="en"]')}
    assert {"Letter of intent", "Quality technician"} <= spans


def test_the_conference_link_in_content_leads_within_the_site(site):
    for url, target in ((PRESS_SV, CONFERENCE_SV), (PRESS_FI, CONFERENCE_FI)):
        hrefs = page(site, url).xpath("//main//a/@href")
        assert target in hrefs
        assert not any(href.startswith("https://batteryregion.eu") for href in hrefs)


# (HTML in content, the main site's SITEURL of the build, the HTML on the page).
REWRITES = [
    ('<a href="https://batteryregion.eu/x/">', "", '<a href="/x/">'),
    ("<img src='https://batteryregion.eu/i.png'>", "", "<img src='/i.png'>"),
    # The bare origin is the front page (an empty href would be the page itself).
    ('<a href="https://batteryregion.eu">', "", '<a href="/">'),
    ('<a href="https://batteryregion.eu?lang=fi">', "", '<a href="/?lang=fi">'),
    ('<a href="https://batteryregion.eu#top">', "", '<a href="/#top">'),
    # A build for another host links to that host.
    ('<a href="https://batteryregion.eu/x/">', "https://staging.example/", '<a href="https://staging.example/x/">'),
    ('<a href="https://batteryregion.eu">', "https://staging.example", '<a href="https://staging.example">'),
    # Another host that begins like ours, and the address as text: left alone.
    ('<a href="https://batteryregion.eu.example/x/">', "", '<a href="https://batteryregion.eu.example/x/">'),
    ("<p>https://batteryregion.eu/x/</p>", "", "<p>https://batteryregion.eu/x/</p>"),
    # The production build, published at the canonical address: nothing to change.
    ('<a href="https://batteryregion.eu/x/">', CANONICAL, '<a href="https://batteryregion.eu/x/">'),
]


@pytest.mark.parametrize(("html", "main_siteurl", "expected"), REWRITES)
def test_links_to_the_live_address_are_rewritten_to_the_build(html, main_siteurl, expected):
    assert rewrite(html, CANONICAL, main_siteurl) == expected
