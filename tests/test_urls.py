"""plugins/urls: the clean address of a URL in a build (`join_url`) and its published address (`published_url`).

Pure functions, no build: the pages built with them are tested in tests/test_meta.py, test_feeds.py and
test_sitemap.py.
"""

from __future__ import annotations

import re

import pytest

from plugins.urls.urls import join_url, published_url

CANONICAL = "https://batteryregion.eu"
# (SITEURL of the page, URL as Pelican or i18n_subsites gives it, the address the page links to).
JOINS = [
    ("", "fi/x/", "/fi/x/"),
    ("/fi", "x/", "/fi/x/"),
    # i18n_subsites links from /fi/ to the Swedish site with ../: no /fi/../ reaches a page.
    ("/fi", "../x/", "/x/"),
    ("", "/fi/../x/", "/x/"),
    # Above the root stays at the root, with or without an origin (urljoin alone makes "../x/" relative).
    ("", "../x/", "/x/"),
    ("/fi", "../../x/", "/x/"),
    ("https://batteryregion.eu/fi", "../../x/", "https://batteryregion.eu/x/"),
    ("/fi/", "x/?q=1#top", "/fi/x/?q=1#top"),
    ("", "", "/"),
    # Addresses elsewhere are left as they are.
    ("/fi", "https://example.org/x/", "https://example.org/x/"),
    ("/fi", "//example.org/x/", "//example.org/x/"),
    ("", "mailto:info@example.org", "mailto:info@example.org"),
]


@pytest.mark.parametrize(("siteurl", "url", "expected"), JOINS)
def test_join_url_gives_the_clean_address_within_the_build(siteurl, url, expected):
    assert join_url(siteurl, url) == expected


# (URL, SITEURL of the page, main site's SITEURL, published address).
PUBLISHED = [
    # Development: root-relative URLs, published at the canonical origin; the Finnish /fi/ kept.
    ("x/", "", "", f"{CANONICAL}/x/"),
    ("x/", "/fi", "", f"{CANONICAL}/fi/x/"),
    ("../x/", "/fi", "", f"{CANONICAL}/x/"),
    ("/fi/x/", "/fi", "", f"{CANONICAL}/fi/x/"),
    # Production or a staging host: whatever origin the build used, the canonical one is named.
    (f"{CANONICAL}/fi/x/", f"{CANONICAL}/fi", CANONICAL, f"{CANONICAL}/fi/x/"),
    ("x/", "https://staging.example/fi", "https://staging.example", f"{CANONICAL}/fi/x/"),
]


@pytest.mark.parametrize(("url", "siteurl", "main_siteurl", "expected"), PUBLISHED)
def test_published_url_names_the_canonical_address_and_keeps_the_language_path(url, siteurl, main_siteurl, expected):
    assert published_url(url, siteurl, main_siteurl, CANONICAL) == expected
    assert published_url(url, siteurl, main_siteurl, CANONICAL + "/") == expected, "a trailing slash adds nothing"


def test_an_address_outside_the_site_has_no_published_address():
    with pytest.raises(ValueError, match=re.escape("'https://example.org/x/' is not an address of this site")):
        published_url("https://example.org/x/", "", "", CANONICAL)
    with pytest.raises(ValueError, match=re.escape("outside 'https://batteryregion.eu/'")):
        published_url("https://staging.example/x/", CANONICAL, CANONICAL, CANONICAL)
