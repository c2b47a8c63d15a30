"""The accessibility statement and the privacy notice the laws ask for, in both languages, linked from every page;
the owner facts they quote; and the log rotation that keeps the privacy notice's promise.

One jurisdiction: the site is provided by a Swedish public body (the `OWNER` setting), so both statements apply
lag (2018:1937) om tillgänglighet till digital offentlig service, with Digg as supervisor, under the headings of
each language's model statement (Digg's, and the Finnish model's). The GDPR (art. 13) says what a privacy notice
must say. These tests assert legal facts on the built pages (the law, the supervisor, its link and contact block,
which owner facts are quoted, the dates), not sentences: an editor may reword a page. What only the owner can
confirm (`OWNER_*` in pelicanconf.py) is shown as set, or as a marked interim route while it is unset.
deploy/logrotate.conf deletes the web server's logs after the days the notice states: it is checked against the
setting, and run with Debian's logrotate.
"""

from __future__ import annotations

import copy
import gzip
import os
import re
import shutil
import subprocess
from datetime import date
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

import pelicanconf
from plugins.content_settings import owner_facts, unset_owner_facts
from sitebuild import ROOT
from sitebuild.build import run_build
from tests.support.html import html_pages, page, text, url_of
from tests.support.settings import settings_with

STATEMENT = {"sv": "/tillganglighet/", "fi": "/fi/saavutettavuusseloste/"}
PRIVACY = {"sv": "/personuppgifter/", "fi": "/fi/tietosuoja/"}
# The project lead at Region Västerbotten named in the press release of 15 September 2022: the interim contact
# route while the owner has not confirmed its own.
INTERIM_CONTACT = "mailto:sara.ward.edvall@regionvasterbotten.se"

# The law of the owner, a Swedish public body, and its supervisor: named, linked, with its contact block.
LAW = "2018:1937"
SUPERVISOR = {"sv": "Myndigheten för digital förvaltning (Digg)", "fi": "Ruotsin digitaalisen hallinnon virasto (Digg)"}
SUPERVISOR_HOSTS = {"digg.se", "www.digg.se"}
SUPERVISOR_COMPLAINTS = "/tdosanmalan"
SUPERVISOR_LINKS = {"mailto:info@digg.se", "tel:+46771114400"}
SUPERVISOR_ADDRESS = ("Box 14", "851 02 Sundsvall")
# The conformance status, in the words of each model ("delvis förenlig", "täyttää ... osittain").
STATUS = {"sv": "delvis förenlig", "fi": "osittain"}
# The headings of each language's model statement, which the statements keep.
MODEL_HEADINGS = {
    "sv": {
        "not_accessible": "Innehåll som inte är tillgängligt",
        "outside_the_law": "Innehåll som inte omfattas av lagkraven",
        "supervision": "Tillsyn",
        "assessment": "Hur vi har kontrollerat webbplatsen",
        "about": "Om redogörelsen",
    },
    "fi": {
        "not_accessible": "Ei-saavutettava sisältö",
        "outside_the_law": "Sisältö, joka ei kuulu lainsäädännön piiriin",
        "supervision": "Valvontaviranomainen",
        "assessment": "Miten sivustoa on arvioitu",
        "about": "Tietoa selosteesta",
    },
}

# Which owner facts each legal page quotes (pelicanconf.py, plugins/content_settings/owner_facts.py).
QUOTED_FACTS = {
    "statement": ["OWNER_ACCESSIBILITY_CONTACT"],
    "privacy": ["OWNER_CONTROLLER_CONTACT", "OWNER_DATA_PROTECTION_OFFICER", "OWNER_WEB_HOST", "OWNER_LOGS_LEAVE_EEA"],
}
LEGAL_PAGES = {"statement": STATEMENT, "privacy": PRIVACY}
# The facts that are e-mail addresses, linked where they are shown.
EMAIL_FACTS = {"OWNER_ACCESSIBILITY_CONTACT", "OWNER_DATA_PROTECTION_OFFICER"}
# The visible mark of an interim route: for a way to reach the owner, and for any other fact.
INTERIM_MARK = {
    "sv": {"contact": "Tillfällig kontaktväg:", "fact": "Ännu inte bekräftat:"},
    "fi": {"contact": "Väliaikainen yhteystapa:", "fact": "Ei vielä vahvistettu:"},
}
# Owner facts as an owner might confirm them (example.org: no real address is guessed).
CONFIRMED = {
    "OWNER_ACCESSIBILITY_CONTACT": "tillganglighet@example.org",
    "OWNER_DATA_PROTECTION_OFFICER": "dataskyddsombud@example.org",
    "OWNER_CONTROLLER_CONTACT": "Box 1, 901 00 Exempelstad, registrator@example.org",
    "OWNER_SECURITY_CONTACT": "mailto:security@example.org",
    "OWNER_WEB_HOST": "Exempel & Drift AB",
    "OWNER_LOGS_LEAVE_EEA": False,
}
# One explicit "now" for the builds made here (the legal pages hold no dated items).
BUILD_NOW = "2026-12-01T12:00"

DEPLOY = ROOT / "deploy"
LOGROTATE_CONF = DEPLOY / "logrotate.conf"
NGINX_CONF = DEPLOY / "nginx.conf"
LOGROTATE = Path("/usr/sbin/logrotate")
# The site's own log folder: Debian's /etc/logrotate.d/nginx rotates /var/log/nginx/*.log, not this folder.
SITE_LOGS = "/var/log/nginx/batteryregion.eu/"

SV_MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
             "november", "december")  # fmt: skip
DATE = {"sv": rf"(\d{{1,2}}) ({'|'.join(SV_MONTHS)}) (\d{{4}})", "fi": r"(\d{1,2})\.(\d{1,2})\.(\d{4})"}


def main_of(site, url):
    return page(site, url).xpath("//main")[0]


def links_of(element) -> set[str]:
    return {anchor.get("href") for anchor in element.iter("a")}


def section(main, heading: str):
    """What follows the `<h2>` or `<h3>` named `heading` up to the next heading of its level or above."""
    headings = [h for h in main.iter("h2", "h3") if text(h) == heading]
    assert len(headings) == 1, f"expected one section {heading!r}, found {len(headings)}"
    ends = ("h2",) if headings[0].tag == "h2" else ("h2", "h3")
    found = lxml.html.Element("section")
    for sibling in headings[0].itersiblings():
        if sibling.tag in ends:
            break
        found.append(copy.deepcopy(sibling))
    return found


def dates_in(words: str, lang: str) -> list[date]:
    """Every date written in `words` (`28 november 2026`, `28.11.2026`), in order."""
    dates = []
    for day, month, year in re.findall(DATE[lang], words):
        month_number = SV_MONTHS.index(month) + 1 if lang == "sv" else int(month)
        dates.append(date(int(year), month_number, int(day)))
    return dates


def owner_fact_elements(main, name: str) -> list:
    found = main.xpath(".//*[@data-owner-fact=$name]", name=name)
    assert found, f"the page does not show {name}, set or unset"
    return found


def kind_of(name: str) -> str:
    return "contact" if name.endswith(("_CONTACT", "_OFFICER")) else "fact"


def build_with_owner_facts(tmp_path: Path, facts: dict) -> Path:
    """The real site built from a copy of its content, with these owner facts in the settings."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    settings = settings_with(tmp_path, "owner_facts.py", facts)
    output = tmp_path / "output"
    run_build(content=content, output=output, settings=settings, quiet=True, now=BUILD_NOW)
    return output


@pytest.fixture(scope="module")
def site_with_owner_facts(tmp_path_factory) -> Path:
    """Every owner fact confirmed."""
    return build_with_owner_facts(tmp_path_factory.mktemp("owner-facts-set"), CONFIRMED)


@pytest.fixture(scope="module")
def site_without_owner_facts(tmp_path_factory) -> Path:
    """No owner fact confirmed (the owner itself named)."""
    return build_with_owner_facts(tmp_path_factory.mktemp("owner-facts-unset"), dict.fromkeys(CONFIRMED))


def test_every_page_links_both_statements_from_the_footer_in_its_language(site):
    for file in html_pages(site):
        tree = page(site, url_of(site, file))
        lang = tree.get("lang")
        footer_links = {anchor.get("href") for anchor in tree.xpath("//footer//a")}
        assert {STATEMENT[lang], PRIVACY[lang]} <= footer_links, f"{url_of(site, file)}: footer lacks the statements"


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_accessibility_statement_has_every_element_the_law_asks_for(site, lang):
    main = main_of(site, STATEMENT[lang])
    words = text(main)
    assert pelicanconf.OWNER in words and "batteryregion.eu" in words  # who is responsible, for what
    assert LAW in words
    assert STATUS[lang] in [text(strong) for strong in main.iter("strong")]  # the conformance status, plainly
    assert "WCAG 2.1" in words
    for heading in MODEL_HEADINGS[lang].values():
        assert text(section(main, heading)), f"{STATEMENT[lang]}: the section {heading!r} says nothing"


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_partly_compliant_is_followed_by_the_content_and_the_wcag_criteria(site, lang):
    """The model statement: a partly compliant site lists what is not accessible, with the criteria and why."""
    main = main_of(site, STATEMENT[lang])
    listed = section(main, MODEL_HEADINGS[lang]["not_accessible"])
    items = listed.xpath(".//li")
    assert items, f"{STATEMENT[lang]}: the section on content that is not accessible lists nothing"
    for item in items:
        assert re.search(r"\(WCAG \d\.\d\.\d+", text(item)), f"{STATEMENT[lang]}: {text(item)!r} names no criterion"
    assert ("skärmläsare" if lang == "sv" else "ruudunluk") in text(listed)


def test_both_statements_list_the_same_criteria(site):
    def criteria(lang: str) -> list[str]:
        listed = section(main_of(site, STATEMENT[lang]), MODEL_HEADINGS[lang]["not_accessible"])
        return re.findall(r"\d\.\d\.\d+", " ".join(re.findall(r"\(WCAG [^)]*\)", text(listed))))

    assert criteria("sv") == criteria("fi") != []


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_both_statements_apply_the_owners_law_with_digg_as_supervisor(site, lang):
    main = main_of(site, STATEMENT[lang])
    supervision = section(main, MODEL_HEADINGS[lang]["supervision"])
    words = text(supervision)
    assert SUPERVISOR[lang] in words and LAW in words
    complaints = [
        href
        for href in links_of(supervision)
        if urlsplit(href).scheme == "https"
        and urlsplit(href).hostname in SUPERVISOR_HOSTS
        and urlsplit(href).path == SUPERVISOR_COMPLAINTS
    ]
    assert complaints, f"{STATEMENT[lang]}: no link to Digg's complaint form (digg.se{SUPERVISOR_COMPLAINTS})"
    # The supervisor's contact block: postal address, e-mail and telephone.
    assert links_of(supervision) >= SUPERVISOR_LINKS
    assert all(part in words for part in SUPERVISOR_ADDRESS)


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_no_statement_applies_finnish_law_or_names_a_finnish_supervisor(site, lang):
    main = main_of(site, STATEMENT[lang])
    words = text(main)
    assert "306/2019" not in words
    assert "Traficom" not in words
    assert not {urlsplit(href).hostname for href in links_of(main)} & {
        "traficom.fi",
        "www.traficom.fi",
        "saavutettavuusvaatimukset.fi",
        "www.saavutettavuusvaatimukset.fi",
    }


def test_statement_dates_are_there_agree_and_follow_each_other(site):
    dates = {}
    for lang, headings in MODEL_HEADINGS.items():
        main = main_of(site, STATEMENT[lang])
        made = dates_in(text(section(main, headings["about"])), lang)
        assessed = dates_in(text(section(main, headings["assessment"])), lang)
        assert len(made) == 2, f"{STATEMENT[lang]}: the statement says when it was made and last updated: {made}"
        assert len(assessed) == 1, f"{STATEMENT[lang]}: the statement says when the site was assessed: {assessed}"
        established, updated = made
        assert established <= updated, f"{STATEMENT[lang]}: updated before it was made"
        assert assessed[0] <= updated, f"{STATEMENT[lang]}: assessed after the last update"
        dates[lang] = (established, updated, assessed[0])
    assert dates["sv"] == dates["fi"]


@pytest.mark.parametrize(
    ("lang", "data_protection_officer", "processor", "cookies", "basis", "authority_link"),
    [
        ("sv", "dataskyddsombud", "personuppgiftsbiträde", "kakor", "artikel 6.1 e",
         "https://www.imy.se/privatperson/utfora-arenden/lamna-ett-klagomal/"),
        ("fi", "tietosuojavastaava", "henkilötietojen käsittelijä", "eväste", "6 artiklan 1 kohdan e alakohta",
         "https://tietosuoja.fi/"),
    ],
)  # fmt: skip
def test_privacy_notice_names_controller_logs_recipients_basis_rights_and_complaint(
    site, lang, data_protection_officer, processor, cookies, basis, authority_link
):
    main = main_of(site, PRIVACY[lang])
    words = text(main)
    days = pelicanconf.ACCESS_LOG_RETENTION_DAYS
    assert pelicanconf.OWNER in words  # the controller
    assert data_protection_officer in words
    assert processor in words  # who receives the logs: the web host, on the owner's behalf
    assert cookies in words
    assert f"{days} {'dagar' if lang == 'sv' else 'päivää'}" in words  # the retention, from the settings
    assert "{setting:" not in words
    assert basis in words
    rights = ("tillgång", "rättelse", "radering", "begränsning", "invändning")
    if lang == "fi":
        rights = ("tarkastusoikeus", "oikaisuoikeus", "poisto-oikeus", "rajoitusoikeus", "vastustamisoikeus")
    assert all(right in words for right in rights)
    assert authority_link in links_of(main)


# ---- Owner facts: shown as confirmed, or as a marked interim route ----


def assert_interim(main, name: str, lang: str, where: str) -> None:
    """`name` is shown as a marked interim route; a way to reach the owner gives the interim contact."""
    for element in owner_fact_elements(main, name):
        assert text(element).startswith(INTERIM_MARK[lang][kind_of(name)]), f"{where}: {name} is not marked interim"
        assert "br-interim" in element.get("class", "").split()
        if kind_of(name) == "contact":
            assert INTERIM_CONTACT in links_of(element), f"{where}: {name} gives no interim contact route"


def assert_confirmed(main, name: str, value, where: str) -> None:
    """`name` is shown as its confirmed value, with no interim mark."""
    for element in owner_fact_elements(main, name):
        assert not element.xpath(".//*[contains(concat(' ', @class, ' '), ' br-interim__label ')]"), where
        if isinstance(value, str):
            assert value in text(element), f"{where}: {name} does not show {value!r}"
        if name in EMAIL_FACTS:
            assert f"mailto:{value}" in links_of(element), f"{where}: {name} does not link {value}"


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_legal_pages_show_each_owner_fact_as_the_settings_say(site, lang):
    """The real site: each quoted fact is its value when pelicanconf.py sets it, else a marked interim route."""
    for kind, urls in LEGAL_PAGES.items():
        main = main_of(site, urls[lang])
        for name in QUOTED_FACTS[kind]:
            value = getattr(pelicanconf, name)
            if value is None:
                assert_interim(main, name, lang, urls[lang])
            else:
                assert_confirmed(main, name, value, urls[lang])


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_an_unset_owner_fact_shows_a_marked_interim_route(site_without_owner_facts, lang):
    for kind, urls in LEGAL_PAGES.items():
        main = main_of(site_without_owner_facts, urls[lang])
        for name in QUOTED_FACTS[kind]:
            assert_interim(main, name, lang, urls[lang])


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_a_confirmed_owner_fact_shows_its_value_and_no_interim_mark(site_with_owner_facts, lang):
    for kind, urls in LEGAL_PAGES.items():
        main = main_of(site_with_owner_facts, urls[lang])
        for name in QUOTED_FACTS[kind]:
            assert_confirmed(main, name, CONFIRMED[name], urls[lang])
        assert not main.xpath(".//*[contains(concat(' ', @class, ' '), ' br-interim ')]"), urls[lang]
        # The project lead of 2022 was only the interim route.
        assert INTERIM_CONTACT not in links_of(main), f"{urls[lang]}: still names the interim contact"


def test_unset_owner_facts_of_the_real_settings_are_those_pelicanconf_leaves_unset():
    settings = {name: value for name, value in vars(pelicanconf).items() if name.isupper()}
    unset = [name for name in owner_facts(settings) if settings[name] is None]
    sentences = unset_owner_facts(settings)
    assert len(sentences) == len(unset)
    assert all(f"{name} " in sentence for name, sentence in zip(unset, sentences, strict=True))
    # Every fact the pages quote, and security.txt's, is one of the owner facts in pelicanconf.py.
    quoted = {*QUOTED_FACTS["statement"], *QUOTED_FACTS["privacy"], "OWNER_SECURITY_CONTACT"}
    assert quoted <= set(owner_facts(settings))


def test_security_txt_names_the_owners_contact_or_the_interim_one():
    contact = pelicanconf.SECURITY_CONTACT  # what sitebuild/postprocess writes into security.txt
    assert contact == (pelicanconf.OWNER_SECURITY_CONTACT or INTERIM_CONTACT)


# ---- The logs: kept as many days as the privacy notice says, then deleted ----


def logrotate_block(conf: str) -> tuple[str, dict[str, list[str]], list[str]]:
    """The one block of a logrotate file: its path pattern, its directives and its postrotate script."""
    lines = [line.strip() for line in conf.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert lines[0].endswith("{") and lines[-1] == "}" and lines.count("}") == 1, f"{LOGROTATE_CONF}: not one block"
    directives: dict[str, list[str]] = {}
    script: list[str] = []
    in_script = False
    for line in lines[1:-1]:
        if in_script:
            in_script = line != "endscript"
            if in_script:
                script.append(line)
        elif line == "postrotate":
            in_script = True
        else:
            name, *arguments = line.split()
            directives[name] = arguments
    return lines[0].removesuffix("{").strip(), directives, script


def test_logrotate_keeps_the_logs_as_many_days_as_the_privacy_notice_says():
    days = pelicanconf.ACCESS_LOG_RETENTION_DAYS
    pattern, directives, postrotate = logrotate_block(LOGROTATE_CONF.read_text(encoding="utf-8"))
    assert pattern == f"{SITE_LOGS}*.log"
    assert "daily" in directives
    # The live file holds the current day, so `rotate` is one less than the days kept.
    assert directives.get("rotate") == [str(days - 1)], (
        f"{LOGROTATE_CONF}: rotate {' '.join(directives.get('rotate', ['(missing)']))}, but the privacy notice says"
        f" {days} days (ACCESS_LOG_RETENTION_DAYS in pelicanconf.py): set `rotate {days - 1}`"
    )
    # An empty day is rotated too (notifempty would keep the oldest file a day longer); nothing is mailed away.
    assert "notifempty" not in directives and "mail" not in directives
    assert {"missingok", "compress", "shred"} <= directives.keys()
    assert any("nginx rotate" in line for line in postrotate), "nginx must reopen its logs after a rotation"


def replaced(conf: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        assert old in conf, f"{LOGROTATE_CONF} no longer has {old!r}: update this test"
        conf = conf.replace(old, new)
    return conf


def test_logrotate_deletes_every_line_older_than_the_promised_days(tmp_path):
    """Debian's logrotate runs deploy/logrotate.conf once per simulated day (the host's timer runs it daily)."""
    assert LOGROTATE.exists(), f"{LOGROTATE} is missing: apt-get install logrotate (make test installs it)"
    days = pelicanconf.ACCESS_LOG_RETENTION_DAYS
    logs, reopened, conf = tmp_path / "logs", tmp_path / "reopened", tmp_path / "logrotate.conf"
    logs.mkdir()
    # Only the folder and the signal to nginx are replaced: every other line runs as the host runs it.
    text_of_conf = replaced(
        LOGROTATE_CONF.read_text(encoding="utf-8"),
        {SITE_LOGS: f"{logs}/", "invoke-rc.d nginx rotate >/dev/null 2>&1": f"echo reopen >> {reopened}"},
    )
    if os.geteuid() != 0:  # only root can hand the new file to www-data
        text_of_conf = replaced(text_of_conf, {"create 0640 www-data adm": "create 0640"})
    conf.write_text(text_of_conf, encoding="utf-8")

    today = days + 5
    for day in range(1, today + 1):
        for name in ("access.log", "error.log"):
            with (logs / name).open("a", encoding="utf-8") as log:
                log.write(f"day {day}\n")
        if day == today:
            break
        rotation = subprocess.run(
            [LOGROTATE, "--force", "--state", tmp_path / "state", conf], check=False, capture_output=True, text=True
        )
        assert rotation.returncode == 0, rotation.stdout + rotation.stderr

    for name in ("access.log", "error.log"):
        kept = []
        for file in logs.glob(f"{name}*"):
            content = gzip.decompress(file.read_bytes()) if file.suffix == ".gz" else file.read_bytes()
            kept += [int(line.split()[1]) for line in content.decode().splitlines()]
        # Today's lines and those of the days before it: together exactly the promised number of days.
        assert sorted(kept) == list(range(today - days + 1, today + 1)), f"{name}: days kept {sorted(kept)}"
    assert reopened.read_text().count("reopen") == today - 1  # nginx reopened its logs once a day


NGINX_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|#[^\n]*|[{};]|[^\s{};"\'#]+')


def nginx_servers(conf: str) -> list[list[list[str]]]:
    """Each top-level `server { }` of an nginx configuration: its directives (with those of nested blocks)."""
    servers: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    depth, words = 0, []
    for token in NGINX_TOKEN.findall(conf):
        if token.startswith("#"):
            continue
        if token == "{":
            if depth == 0 and words == ["server"]:
                current = []
                servers.append(current)
            depth, words = depth + 1, []
        elif token == "}":
            depth, words = depth - 1, []
            current = None if depth == 0 else current
        elif token == ";":
            if current is not None:
                current.append(words)
            words = []
        else:
            words.append(token.strip("\"'"))
    return servers


def site_logs_of(server: list[list[str]]) -> dict[str, list[str]]:
    return {name: [d[1] for d in server if d[0] == name] for name in ("access_log", "error_log")}


def test_every_log_nginx_writes_for_the_site_is_one_logrotate_deletes():
    pattern, _, _ = logrotate_block(LOGROTATE_CONF.read_text(encoding="utf-8"))
    servers = nginx_servers(NGINX_CONF.read_text(encoding="utf-8"))
    assert servers, f"{NGINX_CONF}: no server block found"
    for server in servers:
        for name, paths in site_logs_of(server).items():
            for path in paths:
                assert (name, path) == ("access_log", "off") or fnmatch(path, pattern), (
                    f"{NGINX_CONF}: {name} {path} is not rotated by {LOGROTATE_CONF} ({pattern}): write the log there"
                )


def test_every_server_logs_into_the_folder_logrotate_rotates():
    for server in nginx_servers(NGINX_CONF.read_text(encoding="utf-8")):
        logs = site_logs_of(server)
        assert logs["access_log"] and logs["error_log"], f"{NGINX_CONF}: a server block without its own logs"
