"""Events: the final conference as an event page, its .ics and the calendar feeds, JSON-LD, the events pages
split at a fixed "now", and the content check of event fields.

The real site (`site`) shows the conference as the source gives it; a small fixture site
(tests/fixtures/events/upcoming_and_past/ over the content-check valid site) is built at two fixed
moments to show the upcoming/past split follow the build's "now" (`--now`), not the clock.
"""

from __future__ import annotations

import json
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

import sitebuild
import sitebuild.build
import sitebuild.now
from tests.support.clock import at_moment
from tests.support.content_check import check_in_process, reported
from tests.support.html import one, page, text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "events"
VALID_SITE = ROOT / "tests" / "fixtures" / "content_check" / "valid_site"
SOURCE = ROOT / "tests" / "fixtures" / "source" / "press-release-2022-09-15.sv.txt"
CONFERENCE = {"sv": "/2022/06/30/slutkonferens/", "fi": "/fi/2022/06/30/loppukonferenssi/"}
EVENTS_PAGE = {"sv": "/evenemang/", "fi": "/fi/tapahtumat/"}
FEED = {"sv": "/evenemang.ics", "fi": "/fi/tapahtumat.ics"}
# The times as each language page writes them: the source's "9.00–15.00" Swedish time, and Finnish time.
TIMES = {
    "sv": ["kl. 9.00–15.00 svensk tid (UTC+2)", "kl. 10.00–16.00 finsk tid (UTC+3)"],
    "fi": ["klo 9.00–15.00 Ruotsin aikaa (UTC+2)", "klo 10.00–16.00 Suomen aikaa (UTC+3)"],
}
LABELS = {"sv": ["När", "Plats", "Moderator"], "fi": ["Milloin", "Missä", "Moderaattori"]}
PLACE = {"sv": "Scandic Hotell i Skellefteå eller digitalt", "fi": "Scandic-hotelli Skellefteåssa tai verkossa"}
MODERATOR = {
    "sv": "Aurora Pelli, Affärsutvecklingschef Norra Sverige IVL",
    "fi": "Aurora Pelli, IVL:n Pohjois-Ruotsin liiketoiminnan kehityspäällikkö",
}
UID = "event-slutkonferens@batteryregion.eu"


def classed(name: str) -> str:
    return f'contains(concat(" ", @class, " "), " {name} ")'


def facts(tree) -> dict[str, object]:
    """The event's facts box: each <dt> label with its <dd>."""
    box = one(tree, f"//main//dl[{classed('br-event-facts__list')}]")
    return {text(dt): dt.getnext() for dt in box.xpath("./dt")}


def source_facts() -> dict[str, str]:
    """The När/Plats/Moderator lines of the press release."""
    found = {}
    for raw in SOURCE.read_text(encoding="utf-8").splitlines():
        label, _, value = " ".join(raw.split()).partition(": ")  # the source has a no-break space after "När:"
        if label in ("När", "Plats", "Moderator"):
            found[label] = value
    return found


def calendar_at(output: Path, url: str) -> Calendar:
    path = output / url.lstrip("/")
    assert path.is_file(), f"{url} was not written"
    return Calendar.from_ical(path.read_bytes())


def events_of(calendar: Calendar) -> list:
    return [component for component in calendar.walk("VEVENT")]


def json_ld(tree) -> list[dict]:
    nodes = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        # A data block: nothing in it may close the script element or start markup.
        assert "<" not in script.text
        data = json.loads(script.text)
        nodes += data.get("@graph", [data])
    return nodes


# The conference on the real site -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_the_conference_page_shows_when_where_and_moderator(site, lang):
    tree = page(site, CONFERENCE[lang])
    assert tree.xpath("//body/@data-page-type") == ["event"]
    found = facts(tree)
    assert list(found) == LABELS[lang]
    when, where, moderator = found.values()
    assert text(one(when, "./time")) == ("22 september 2022" if lang == "sv" else "22. syyskuuta 2022")
    assert one(when, "./time").get("datetime") == "2022-09-22"
    assert text(where) == PLACE[lang]
    assert text(moderator) == MODERATOR[lang]


def test_the_swedish_facts_are_those_of_the_source(site):
    source = source_facts()
    found = facts(page(site, CONFERENCE["sv"]))
    assert text(found["Plats"]) == source["Plats"]
    assert text(found["Moderator"]) == source["Moderator"]
    # "22 september 2022 kl 9.00-15.00 (UTC+2)": the date, the times and the offset, with an en dash.
    date, _, times = source["När"].partition(" kl ")
    hours, _, offset = times.partition(" ")
    when = text(found["När"])
    assert when.startswith(date)
    assert f"{hours.replace('-', '–')} svensk tid {offset}" in when


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_times_are_given_in_swedish_and_finnish_time_on_both_pages(site, lang):
    lines = facts(page(site, CONFERENCE[lang]))[LABELS[lang][0]].xpath(f".//li[{classed('br-event-facts__time')}]")
    assert [text(line) for line in lines] == TIMES[lang]
    moments = [[time.get("datetime") for time in line.xpath("./time")] for line in lines]
    assert moments == [
        ["2022-09-22T09:00+02:00", "2022-09-22T15:00+02:00"],
        ["2022-09-22T10:00+03:00", "2022-09-22T16:00+03:00"],
    ]


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_each_event_page_links_its_calendar_file(site, lang):
    tree = page(site, CONFERENCE[lang])
    link = one(tree, f"//main//a[{classed('br-event-facts__calendar-link')}]")
    assert text(link) == ("Lägg till i kalender" if lang == "sv" else "Lisää kalenteriin")
    assert link.get("href") == CONFERENCE[lang] + CONFERENCE[lang].rstrip("/").rsplit("/", 1)[1] + ".ics"
    assert link.get("type") == "text/calendar"
    assert (site / link.get("href").lstrip("/")).is_file()


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_the_ics_file_reads_back_with_its_time_zone_uid_and_stamp(site, lang):
    tree = page(site, CONFERENCE[lang])
    href = one(tree, f"//main//a[{classed('br-event-facts__calendar-link')}]").get("href")
    calendar = calendar_at(site, href)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    [event] = events_of(calendar)
    assert event["DTSTART"].params["TZID"] == event["DTEND"].params["TZID"] == "Europe/Stockholm"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.astimezone(UTC) == datetime(2022, 9, 22, 7, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2022, 9, 22, 13, 0, tzinfo=UTC)
    # Stable: the same UID in both languages and every file; the stamp is the article's date, not the clock.
    assert str(event["UID"]) == UID
    assert event.decoded("DTSTAMP") == datetime(2022, 6, 29, 22, 0, tzinfo=UTC)  # 2022-06-30 in Swedish time
    assert str(event["SUMMARY"]) == text(one(tree, "//main//h1"))
    assert str(event["LOCATION"]) == PLACE[lang]
    assert event["SUMMARY"].params["LANGUAGE"] == event["LOCATION"].params["LANGUAGE"] == lang
    assert f"{LABELS[lang][2]}: {MODERATOR[lang]}" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == f"https://batteryregion.eu{CONFERENCE[lang]}"


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_each_language_has_a_calendar_feed_with_all_its_events(site, lang):
    calendar = calendar_at(site, FEED[lang])
    assert str(calendar["NAME"]) == ("Battery Region – Evenemang" if lang == "sv" else "Battery Region – Tapahtumat")
    assert [str(event["UID"]) for event in events_of(calendar)] == [UID]
    assert [str(event["SUMMARY"].params["LANGUAGE"]) for event in events_of(calendar)] == [lang]
    feed_links = page(site, EVENTS_PAGE[lang]).xpath(f"//main//a[@href='{FEED[lang]}']")
    assert len(feed_links) == 1


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_the_event_page_describes_the_event_as_schema_org_json_ld(site, lang):
    nodes = json_ld(page(site, CONFERENCE[lang]))
    [event] = [node for node in nodes if node.get("@type") == "Event"]
    url = f"https://batteryregion.eu{CONFERENCE[lang]}"
    assert event["url"] == url and event["inLanguage"] == lang
    assert event["startDate"] == "2022-09-22T09:00:00+02:00"
    assert event["endDate"] == "2022-09-22T15:00:00+02:00"
    # The conference was held as planned: it is past, but scheduled, not cancelled or moved.
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, virtual = event["location"]
    # Where the venue is, as the content gives it (Locality:, Country:); no street address is invented.
    address = {"@type": "PostalAddress", "addressLocality": "Skellefteå", "addressCountry": "SE"}
    assert place == {"@type": "Place", "name": PLACE[lang].rsplit(" ", 2)[0], "address": address}
    assert virtual["@type"] == "VirtualLocation" and "url" not in virtual  # the source gives no stream address
    organizers = event["organizer"]
    project = next(node for node in nodes if node.get("@type") == "Organization")
    assert {"@id": project["@id"]} in organizers and project["name"] == "Battery Region"
    assert {"@type": "GovernmentOrganization", "name": "Region Västerbotten"} in organizers


def test_the_news_list_marks_events(site):
    for url, label in (("/", "Evenemang den 22 september 2022"), ("/fi/", "Tapahtuma 22. syyskuuta 2022")):
        items = page(site, url).xpath(f"//main//li[{classed('br-news-list__item')}]")
        marks = {text(one(item, ".//h2")): item.xpath(f".//*[{classed('br-teaser__event')}]") for item in items}
        marked = {title: text(found[0]) for title, found in marks.items() if found}
        assert list(marked.values()) == [label], marks
        assert one(marks[next(iter(marked))][0], ".//time").get("datetime") == "2022-09-22"


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_the_events_page_is_in_the_navigation_and_paired(site, lang):
    tree = page(site, EVENTS_PAGE[lang])
    assert tree.xpath("//body/@data-page-type") == ["events"]
    current = one(tree, f'//nav[{classed("br-nav")}]//a[@aria-current="page"]')
    assert (text(current), current.get("href")) == (("Evenemang", "Tapahtumat")[lang == "fi"], EVENTS_PAGE[lang])
    switcher = {a.get("lang"): a.get("href") for a in tree.xpath(f"//nav[{classed('br-language-switcher')}]//a")}
    assert switcher == EVENTS_PAGE


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_on_the_real_site_the_conference_is_past_and_nothing_is_upcoming(site, lang):
    upcoming, past, _updated = events_page(site, lang)
    assert upcoming == [("Inga kommande evenemang.", "Ei tulevia tapahtumia.")[lang == "fi"]]
    assert past == [CONFERENCE[lang]]


# The upcoming/past split at a fixed "now" ------------------------------------------------------------------


def events_page(output: Path, lang: str) -> tuple[list[str], list[str], object]:
    """The events page: upcoming and past (each event's address, or the empty-state sentence), and the date."""
    tree = page(output, EVENTS_PAGE[lang])

    def section(anchor: str) -> list[str]:
        found = one(tree, f"//main//section[@aria-labelledby='{anchor}']")
        links = found.xpath(".//li//h3/a/@href")
        return links or [text(one(found, f".//p[{classed('br-events__empty')}]"))]

    return section("br-events-upcoming"), section("br-events-past"), one(tree, f"//p[{classed('br-events__updated')}]")


@pytest.fixture(scope="module")
def builds_at(tmp_path_factory) -> dict[str, Path]:
    """The fixture site built twice: before the winter webinar and after it."""
    content = tmp_path_factory.mktemp("events") / "content"
    shutil.copytree(VALID_SITE, content)
    shutil.copytree(FIXTURES / "upcoming_and_past", content, dirs_exist_ok=True)
    outputs = {}
    for now in ("2023-03-01T12:00", "2023-04-01T12:00"):
        outputs[now] = tmp_path_factory.mktemp("events-site") / "output"
        sitebuild.build.run_build(content=content, output=outputs[now], quiet=True, now=now)
    return outputs


AUTUMN = {"sv": "/2022/06/30/hostkonferens/", "fi": "/fi/2022/06/30/syyskonferenssi/"}
WINTER = "/2023/01/10/vinterwebbinarium/"


def test_before_the_webinar_it_is_upcoming_and_the_page_says_as_of_when(builds_at):
    output = builds_at["2023-03-01T12:00"]
    upcoming, past, updated = events_page(output, "sv")
    assert (upcoming, past) == ([WINTER], [AUTUMN["sv"]])
    assert text(updated) == "Uppdaterad 1 mars 2023"
    assert one(updated, "./time").get("datetime") == "2023-03-01"
    upcoming, past, updated = events_page(output, "fi")
    # The Swedish-only webinar is listed on the Finnish page too, as Swedish, linking to the original.
    assert (upcoming, past) == ([WINTER], [AUTUMN["fi"]])
    assert text(updated) == "Päivitetty 1. maaliskuuta 2023"
    item = one(page(output, EVENTS_PAGE["fi"]), f"//li[{classed('br-event-list__item')}][.//a[@href='{WINTER}']]")
    assert one(item, ".//h3").get("lang") == "sv" and one(item, ".//a").get("hreflang") == "sv"
    assert "Vain ruotsiksi" in text(item)


def test_after_the_webinar_nothing_is_upcoming(builds_at):
    output = builds_at["2023-04-01T12:00"]
    assert events_page(output, "sv")[:2] == (["Inga kommande evenemang."], [WINTER, AUTUMN["sv"]])
    assert events_page(output, "fi")[:2] == (["Ei tulevia tapahtumia."], [WINTER, AUTUMN["fi"]])


def passed_notice(output: Path, url: str) -> list[str]:
    """The event page's sentence that its date has passed (none while it is upcoming)."""
    return [text(node) for node in page(output, url).xpath(f"//main//p[{classed('br-event-facts__passed')}]")]


def test_an_event_page_says_its_date_has_passed_once_the_build_is_after_its_end(builds_at):
    """The nightly build after the event: its page says the date has passed; it never says it took place."""
    before, after = builds_at["2023-03-01T12:00"], builds_at["2023-04-01T12:00"]
    assert passed_notice(before, WINTER) == []
    assert passed_notice(after, WINTER) == ["Evenemangets datum har passerat."]
    assert passed_notice(before, AUTUMN["sv"]) == ["Evenemangets datum har passerat."]
    assert passed_notice(before, AUTUMN["fi"]) == ["Tapahtuman ajankohta on jo ohi."]


def test_calendar_files_do_not_depend_on_when_the_site_is_built(builds_at):
    before, after = builds_at.values()
    files = sorted(path.relative_to(before) for path in before.rglob("*.ics"))
    assert [path.as_posix() for path in files] == [
        "2022/06/30/hostkonferens/hostkonferens.ics",
        "2023/01/10/vinterwebbinarium/vinterwebbinarium.ics",
        "evenemang.ics",
        "fi/2022/06/30/syyskonferenssi/syyskonferenssi.ics",
        "fi/tapahtumat.ics",
    ]
    for path in files:
        assert (before / path).read_bytes() == (after / path).read_bytes(), path
    assert len(events_of(calendar_at(before, FEED["sv"]))) == 2
    assert len(events_of(calendar_at(before, FEED["fi"]))) == 1  # a feed holds its own language's events


def test_a_winter_event_in_finnish_time_gets_the_winter_offsets(builds_at):
    tree = page(builds_at["2023-03-01T12:00"], WINTER)
    found = facts(tree)
    # The event's own zone first; offsets from zoneinfo for that day (winter: UTC+2 and UTC+1).
    lines = [text(line) for line in found["När"].xpath(".//li")]
    assert lines == ["kl. 10.00–11.30 finsk tid (UTC+2)", "kl. 9.00–10.30 svensk tid (UTC+1)"]
    assert text(found["Plats"]) == "Digitalt Delta digitalt"
    assert one(found["Plats"], ".//a").get("href") == "https://stream.example.org/vinter"
    [event] = [node for node in json_ld(tree) if node.get("@type") == "Event"]
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["location"] == {
        "@type": "VirtualLocation",
        "name": "Digitalt",
        "url": "https://stream.example.org/vinter",
    }
    assert event["startDate"] == "2023-03-10T10:00:00+02:00"
    [component] = events_of(calendar_at(builds_at["2023-03-01T12:00"], WINTER + "vinterwebbinarium.ics"))
    assert component["DTSTART"].params["TZID"] == "Europe/Helsinki"
    assert component.decoded("DTSTART").astimezone(UTC) == datetime(2023, 3, 10, 8, 0, tzinfo=UTC)
    assert "Delta digitalt: https://stream.example.org/vinter" in str(component["DESCRIPTION"])


def test_an_event_that_has_begun_is_still_upcoming_until_it_ends():
    from plugins.events.model import Event, split_events

    tz = ZoneInfo("Europe/Stockholm")

    def item(name: str, start: int, end: int) -> SimpleNamespace:
        event = Event(datetime(2023, 3, 1, start, tzinfo=tz), datetime(2023, 3, 1, end, tzinfo=tz), "Europe/Stockholm")
        return SimpleNamespace(name=name, event=event)

    news = SimpleNamespace(name="news", event=None)
    items = [item("morning", 8, 10), item("ongoing", 11, 14), item("ended-now", 9, 12), item("evening", 18, 20), news]
    upcoming, past = split_events(items, datetime(2023, 3, 1, 12, 0, tzinfo=tz))
    assert [a.name for a in upcoming] == ["ongoing", "evening"]
    assert [a.name for a in past] == ["ended-now", "morning"]


def test_the_build_works_out_now_once_and_plugins_read_only_the_setting():
    """sitebuild.now.resolve_now: --now, else a production build's source date, else the clock; the plugins'
    `build_now` reads the BUILD_NOW setting it becomes, and never the environment."""
    from plugins.schedule import build_now

    stockholm = ZoneInfo("Europe/Stockholm")
    epoch = str(int(datetime(2023, 3, 1, 11, 0, tzinfo=UTC).timestamp()))
    # A reproducible (production) build: the time the source last changed, whatever the clock says.
    assert sitebuild.now.resolve_now(sitebuild.PUBLISHCONF, None, epoch) == "2023-03-01T12:00:00+01:00"
    # An explicit --now wins.
    assert sitebuild.now.resolve_now(sitebuild.PUBLISHCONF, "2023-04-01T00:00", epoch) == "2023-04-01T00:00"
    settings = {"TIMEZONE": "Europe/Stockholm"}
    assert build_now({**settings, "BUILD_NOW": "2023-03-01T12:00:00+01:00"}) == datetime(
        2023, 3, 1, 12, tzinfo=stockholm
    )
    assert build_now({**settings, "BUILD_NOW": "2023-04-01T00:00"}) == datetime(2023, 4, 1, tzinfo=stockholm)
    # A development build is made for the clock, in the site's zone; so is Pelican run by hand without the
    # setting, SOURCE_DATE_EPOCH notwithstanding (it is sitebuild's to read). The clock is stopped by faketime.
    script = (
        "from sitebuild import PELICANCONF; from sitebuild.now import resolve_now;"
        " from plugins.schedule import build_now;"
        " print(resolve_now(PELICANCONF)); print(build_now({'TIMEZONE': 'Europe/Stockholm'}).isoformat())"
    )
    result = at_moment(
        "2031-05-05 10:00:00", [sys.executable, "-c", script], cwd=ROOT, env={"SOURCE_DATE_EPOCH": epoch}
    )
    assert result.stdout.split() == ["2031-05-05T12:00:00+02:00", "2031-05-05T12:00:00+02:00"], result.stderr


# The content check of event fields ----------------------------------------------------------------------

ARTICLE = "articles/2022-09-20-batteridagen.sv.md"
TRANSLATION = "articles/2022-09-20-batteridagen.fi.md"

# Each bad input: (scenario, file, line or None, what the message says, what the fix says).
SCENARIOS = [
    ("event_without_timezone", ARTICLE, 9, "the event has no Timezone", "`Timezone: Europe/Stockholm`"),
    ("event_ending_before_start", ARTICLE, 10, "End 2022-09-22 08:00 is before Start 2022-09-22 09:00", "End is when"),
    ("event_in_person_without_venue", ARTICLE, 9, "held in person (no `Online:`), but there is no Venue", "`Venue: "),
    ("event_without_end", ARTICLE, 9, "the event has a Start but no End", "e.g. `End: 2022-09-22 15:00`"),
    ("event_unparseable_start", ARTICLE, 9, "Start '22.9.2022 kl 9' is not written as YYYY-MM-DD HH:MM", "`Start: "),
    ("event_impossible_end", ARTICLE, 10, "End '2022-09-31 15:00' does not exist", "check the year, month and day"),
    ("event_unknown_timezone", ARTICLE, 11, "Timezone 'Skellefteå' is not a time zone name", "Europe/Helsinki`"),
    ("event_timezone_not_named", ARTICLE, 11, "Timezone Europe/Oslo is not one this site names", "EVENT_TIMEZONES"),
    ("event_online_value_unclear", ARTICLE, 13, "Online 'kanske' is neither yes, no nor an https://", "`Online: yes`"),
    ("event_info_not_an_address", ARTICLE, 14, "Info 'batteryregion.eu' is not a web address", "`Info: https://"),
    ("event_country_not_a_code", ARTICLE, 14, "Country 'Sverige' is not a two-letter country code", "`Country: SE`"),
    ("event_locality_without_venue", ARTICLE, 13, "Locality, Country without a Venue", "add `Venue: "),
    ("event_fields_without_start", ARTICLE, 9, "Timezone, Venue, Online without Start", "add `Start: "),
    ("event_timezone_typo", ARTICLE, 11, "unknown metadata key 'Timezon'", "did you mean `Timezone:`?"),
    ("event_fields_on_a_page", "pages/om.sv.md", 7, "a page has no Start", "remove the Start: line"),
    (
        "event_translation_at_another_time",
        TRANSLATION,
        10,
        "Start '2022-09-22 10:00' differs from its original",
        "`Start: 2022-09-22 09:00`",
    ),
]


def make_project(tmp_path: Path, scenario: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(VALID_SITE, content)
    shutil.copytree(FIXTURES / "check" / scenario, content, dirs_exist_ok=True)
    return tmp_path


@pytest.mark.parametrize(("scenario", "path", "line", "what", "fix"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_check_reports_the_bad_event(tmp_path, capsys, monkeypatch, scenario, path, line, what, fix):
    status, output = check_in_process(make_project(tmp_path, scenario), capsys, monkeypatch)
    assert status == 1
    wrong, _, how = reported(output, path, line, what).partition(" — ")
    assert what in wrong
    assert fix in how
    # One mistake, one message (a translation at another time: its Start and its End).
    assert output.splitlines()[-1].startswith("2 problems" if scenario.endswith("another_time") else "1 problem in")


def test_valid_events_pass_the_check_including_one_held_online_only(tmp_path, capsys, monkeypatch):
    status, output = check_in_process(make_project(tmp_path, "valid_events"), capsys, monkeypatch)
    assert (status, output.strip()) == (0, "No problems in 8 content files.")


@pytest.mark.parametrize(
    ("zone", "moment", "offset"),
    [
        ("Europe/Stockholm", datetime(2022, 6, 30, 9), "UTC+2"),
        ("Europe/Stockholm", datetime(2022, 12, 1, 9), "UTC+1"),
        ("Europe/Helsinki", datetime(2022, 6, 30, 9), "UTC+3"),
        ("UTC", datetime(2022, 6, 30, 9), "UTC+0"),
        # Half and three-quarter hours; west of Greenwich with a real minus sign, as the pages print it.
        ("Asia/Kolkata", datetime(2022, 1, 1), "UTC+5:30"),
        ("Asia/Kathmandu", datetime(2022, 1, 1), "UTC+5:45"),
        ("America/Sao_Paulo", datetime(2022, 6, 1), "UTC\N{MINUS SIGN}3"),
        ("America/St_Johns", datetime(2022, 1, 1), "UTC\N{MINUS SIGN}3:30"),
        # The night the clocks go back in Stockholm: the same wall time twice, told apart by `fold`.
        ("Europe/Stockholm", datetime(2022, 10, 30, 2, 30), "UTC+2"),
        ("Europe/Stockholm", datetime(2022, 10, 30, 2, 30, fold=1), "UTC+1"),
    ],
)
def test_utc_offset_is_the_zones_offset_at_that_moment(zone, moment, offset):
    from plugins.events.template_helpers import utc_offset

    assert utc_offset(moment.replace(tzinfo=ZoneInfo(zone))) == offset
