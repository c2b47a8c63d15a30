"""The accessibility statement and the privacy notice the laws ask for, in both languages, linked from every page.

Lag (2018:1937) om tillgänglighet till digital offentlig service and laki digitaalisten palvelujen tarjoamisesta
(306/2019) list what a statement must say; the GDPR (art. 13) what a privacy notice must say. These tests read
the built pages, so a later edit cannot drop an element unnoticed.
"""

from __future__ import annotations

import re

import pytest

import pelicanconf
from plugins.content_settings.content_settings import ContentSettingError, fill
from tests.html import html_pages, page, text, url_of

STATEMENT = {"sv": "/tillganglighet/", "fi": "/fi/saavutettavuusseloste/"}
PRIVACY = {"sv": "/personuppgifter/", "fi": "/fi/tietosuoja/"}
CONTACTS = ("mailto:sara.ward.edvall@regionvasterbotten.se", "mailto:sanni.pietila@osao.fi", "tel:+46761172965")


def main_of(site, url):
    return page(site, url).xpath("//main")[0]


def links_of(element) -> set[str]:
    return {anchor.get("href") for anchor in element.iter("a")}


def test_every_page_links_both_statements_from_the_footer_in_its_language(site):
    for file in html_pages(site):
        tree = page(site, url_of(site, file))
        lang = tree.get("lang")
        footer_links = {anchor.get("href") for anchor in tree.xpath("//footer//a")}
        assert {STATEMENT[lang], PRIVACY[lang]} <= footer_links, f"{url_of(site, file)}: footer lacks the statements"


@pytest.mark.parametrize(
    ("lang", "law", "status", "authority", "complaint"),
    [
        ("sv", "lag (2018:1937) om tillgänglighet till digital offentlig service", "delvis förenlig",
         "Myndigheten för digital förvaltning (Digg)", "https://www.digg.se/tdosanmalan"),
        ("fi", "lain digitaalisten palvelujen tarjoamisesta (306/2019)", "osittain",
         "Liikenne- ja viestintävirasto Traficom", "https://www.traficom.fi/"),
    ],
)  # fmt: skip
def test_accessibility_statement_has_every_element_the_law_asks_for(site, lang, law, status, authority, complaint):
    main = main_of(site, STATEMENT[lang])
    words = text(main)
    assert "Region Västerbotten" in words and "batteryregion.eu" in words  # who is responsible, for what
    assert law in words
    assert status in text(main.xpath(".//strong")[0])  # the conformance status, stated plainly
    assert "WCAG 2.1" in words
    assert ("skärmläsare" if lang == "sv" else "ruudunlukija") in words  # what was not tested by hand
    assert authority in words and complaint in links_of(main)
    assert set(CONTACTS) <= links_of(main)  # the feedback channel
    # Assessment date and last update, both written out.
    assert len(re.findall(r"27 november 2026" if lang == "sv" else r"27\.11\.2026", words)) >= 2


def test_finnish_statement_names_the_supervisor_since_2025(site):
    assert "1.1.2025" in text(main_of(site, STATEMENT["fi"]))


@pytest.mark.parametrize(
    ("lang", "basis", "authority_link"),
    [
        ("sv", "artikel 6.1 e", "https://www.imy.se/privatperson/utfora-arenden/lamna-ett-klagomal/"),
        ("fi", "6 artiklan 1 kohdan e alakohta", "https://tietosuoja.fi/"),
    ],
)
def test_privacy_notice_names_controller_logs_basis_rights_and_complaint(site, lang, basis, authority_link):
    main = main_of(site, PRIVACY[lang])
    words = text(main)
    days = pelicanconf.ACCESS_LOG_RETENTION_DAYS
    assert "Region Västerbotten" in words
    assert ("inga kakor" if lang == "sv" else "ei aseta evästeitä") in words
    assert f"{days} {'dagar' if lang == 'sv' else 'päivää'}" in words  # the retention, from the settings
    assert "{setting:" not in words
    assert basis in words
    rights = ("tillgång", "rättelse", "radering", "begränsning", "invändning")
    if lang == "fi":
        rights = ("tarkastusoikeus", "oikaisuoikeus", "poisto-oikeus", "rajoitusoikeus", "vastustamisoikeus")
    assert all(right in words for right in rights)
    assert authority_link in links_of(main)
    assert set(CONTACTS) <= links_of(main)


def test_a_setting_is_quoted_into_content():
    assert fill("<p>Sparas i {setting:DAYS} dagar.</p>", {"DAYS": 14}) == "<p>Sparas i 14 dagar.</p>"


def test_a_misspelt_setting_fails_naming_file_and_line(tmp_path):
    source = tmp_path / "personuppgifter.sv.md"
    source.write_text("Title: X\n\nSparas i {setting:ACCESS_LOG_RETENTION_DAY} dagar.\n", encoding="utf-8")
    with pytest.raises(ContentSettingError, match=rf"{re.escape(str(source))}:3: .*define ACCESS_LOG_RETENTION_DAY"):
        fill(
            "<p>Sparas i {setting:ACCESS_LOG_RETENTION_DAY} dagar.</p>", {"ACCESS_LOG_RETENTION_DAYS": 14}, str(source)
        )


def test_only_plain_values_can_be_quoted():
    with pytest.raises(ContentSettingError):
        fill("{setting:PLUGINS}", {"PLUGINS": ["a"]})
