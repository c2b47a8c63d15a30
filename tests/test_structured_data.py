"""JSON-LD of every page type from one function (plugins/structured_data.page_graph), on plain data.

The built pages' JSON-LD is checked in tests/test_meta.py and tests/test_events.py; here each page type's graph
is built from what its template supplies, so a change to one kind of page shows in a small, readable case.
"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from pelican.settings import read_settings

import sitebuild
import sitebuild.catalogs
from plugins.events.model import Event
from plugins.partners.partners import PartnersError, check_partners
from plugins.structured_data import page_graph

SETTINGS = read_settings(str(sitebuild.PELICANCONF))
CANONICAL = "https://batteryregion.eu"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def context(lang: str = "sv", **overrides) -> dict:
    """A page's template context as Pelican gives it: the settings, in the main site or the `lang` subsite
    (i18n_subsites gives a subsite its own SITEURL and the main site's theme files, `../theme`)."""
    if lang == SETTINGS["DEFAULT_LANG"]:
        return {**SETTINGS, "main_siteurl": "", **overrides}
    subsite = {"DEFAULT_LANG": lang, "SITEURL": f"/{lang}", "THEME_STATIC_DIR": "../theme"}
    return {**SETTINGS, **subsite, "main_siteurl": "", **overrides}


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogs():
    sitebuild.catalogs.compile_catalogs()


def nodes(graph: dict) -> dict[str, dict]:
    assert graph["@context"] == "https://schema.org"
    types = [node["@type"] for node in graph["@graph"]]
    assert len(types) == len(set(types)), types
    return {node["@type"]: node for node in graph["@graph"]}


def article(**fields) -> SimpleNamespace:
    values = {
        "title": "Slutkonferens för <em>Battery Region</em>",
        "summary": "<p>Den 22 september &amp; digitalt.</p>",
        "date": datetime(2022, 6, 30),
        "lang": "sv",
        "url": "2022/06/30/slutkonferens/",
        "category": SimpleNamespace(name="Evenemang", url="kategori/evenemang/"),
        "translations": [],
        "event": None,
    }
    return SimpleNamespace(**{**values, **fields})


def conference(**fields) -> Event:
    values = {
        "start": datetime(2022, 9, 22, 9, tzinfo=STOCKHOLM),
        "end": datetime(2022, 9, 22, 15, tzinfo=STOCKHOLM),
        "zone": "Europe/Stockholm",
        "venue": "Scandic Hotell",
        "locality": "Skellefteå",
        "country": "SE",
        "online": True,
    }
    return Event(**{**values, **fields})


def test_every_page_declares_the_project_with_its_partners_and_the_site_of_its_language():
    for lang, home, partners in (
        ("sv", "/", ["Region Västerbotten", "Skellefteå kommun", "Norra Österbottens förbund", "OSAO"]),
        ("fi", "/fi/", ["Region Västerbotten", "Skellefteån kunta", "Pohjois-Pohjanmaan liitto", "OSAO"]),
    ):
        found = nodes(page_graph(context(lang), CANONICAL + home))
        assert set(found) == {"Organization", "WebSite"}  # a front page or a 404 supplies nothing more
        project = found["Organization"]
        assert project["@id"] == CANONICAL + "/#organization" and project["url"] == CANONICAL + "/"
        assert project["logo"] == CANONICAL + "/theme/img/logo.png"
        # In PARTNERS order, named as the page names them; the lead partner's kind is known.
        assert [member["name"] for member in project["member"]] == partners
        assert [member["@type"] for member in project["member"]] == ["GovernmentOrganization"] + ["Organization"] * 3
        assert project["funder"]["name"] == {"sv": "Europeiska unionen", "fi": "Euroopan unioni"}[lang]
        assert found["WebSite"] == {
            "@type": "WebSite",
            "@id": CANONICAL + home + "#website",
            "url": CANONICAL + home,
            "name": "Battery Region",
            "inLanguage": lang,
            "publisher": {"@id": CANONICAL + "/#organization"},
        }


def test_a_breadcrumb_trail_starts_at_the_front_page_and_ends_at_the_page_itself():
    here = CANONICAL + "/fi/kategoria/uutiset/page/2/"
    trail = [{"name": "Uutiset", "url": "/fi/kategoria/uutiset/"}]
    crumbs = nodes(page_graph(context("fi"), here, trail))["BreadcrumbList"]["itemListElement"]
    assert crumbs == [
        {"@type": "ListItem", "position": 1, "name": "Battery Region", "item": CANONICAL + "/fi/"},
        {"@type": "ListItem", "position": 2, "name": "Uutiset", "item": CANONICAL + "/fi/kategoria/uutiset/"},
    ]
    # The page itself (no url of its own in the trail) is its canonical address; names are plain text.
    crumbs = nodes(page_graph(context("sv"), CANONICAL + "/om/", [{"name": "Om <b>oss</b> &amp; dem"}]))
    assert crumbs["BreadcrumbList"]["itemListElement"][-1] == {
        "@type": "ListItem",
        "position": 2,
        "name": "Om oss & dem",
        "item": CANONICAL + "/om/",
    }


def test_an_article_is_a_news_article_that_names_the_work_it_translates():
    original = article()
    # In the Finnish subsite Pelican gives the Swedish original's URL relative to /fi/.
    translation = article(lang="fi", url="2022/06/30/loppukonferenssi/", original="sv", translations=[original])
    original.url = "../2022/06/30/slutkonferens/"
    url = CANONICAL + "/fi/2022/06/30/loppukonferenssi/"
    news = nodes(page_graph(context("fi"), url, [], translation))["NewsArticle"]
    assert news["url"] == news["mainEntityOfPage"] == url and news["@id"] == url + "#article"
    assert news["headline"] == "Slutkonferens för Battery Region"
    assert news["description"] == "Den 22 september & digitalt."
    # A date as precise as the content gives it; modified falls back to the date.
    assert news["datePublished"] == news["dateModified"] == "2022-06-30"
    assert news["translationOfWork"] == {"@id": CANONICAL + "/2022/06/30/slutkonferens/#article"}
    assert news["author"] == news["publisher"] == {"@id": CANONICAL + "/#organization"}
    assert "translationOfWork" not in nodes(page_graph(context(), CANONICAL + "/x/", [], original))["NewsArticle"]


def test_an_event_article_adds_an_event_organised_by_the_project_and_its_lead_partner():
    url = CANONICAL + "/2022/06/30/slutkonferens/"
    event = nodes(page_graph(context(), url, [], article(event=conference())))["Event"]
    assert event["@id"] == url + "#event" and event["name"] == "Slutkonferens för Battery Region"
    assert (event["startDate"], event["endDate"]) == ("2022-09-22T09:00:00+02:00", "2022-09-22T15:00:00+02:00")
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert event["location"] == [
        {
            "@type": "Place",
            "name": "Scandic Hotell",
            "address": {"@type": "PostalAddress", "addressLocality": "Skellefteå", "addressCountry": "SE"},
        },
        {"@type": "VirtualLocation", "name": "Digitalt"},
    ]
    assert event["organizer"] == [
        {"@id": CANONICAL + "/#organization"},
        {"@type": "GovernmentOrganization", "name": "Region Västerbotten"},
    ]
    assert "sameAs" not in event


def test_an_event_without_a_venue_or_its_address_gets_none_invented():
    online = conference(venue=None, locality=None, country=None, online_url="https://stream.example.org/x")
    event = nodes(page_graph(context("fi"), CANONICAL + "/fi/x/", [], article(event=online)))["Event"]
    assert event["location"] == {"@type": "VirtualLocation", "name": "Verkossa", "url": "https://stream.example.org/x"}
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    on_site = conference(locality=None, country=None, online=False)
    event = nodes(page_graph(context(), CANONICAL + "/x/", [], article(event=on_site)))["Event"]
    assert event["location"] == {"@type": "Place", "name": "Scandic Hotell"}


def test_a_partner_without_a_known_role_stops_the_build_and_says_where():
    pelican = SimpleNamespace(settings={"PARTNERS": [{"name": "OSAO", "role": "member"}]})
    with pytest.raises(PartnersError, match=r"pelicanconf.py: PARTNERS entry 1 .* one of lead, partner"):
        check_partners(pelican)
