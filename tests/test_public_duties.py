"""The accessibility statement and the privacy notice the laws ask for, in both languages, linked from every page;
and the log rotation that keeps the privacy notice's promise.

Lag (2018:1937) om tillgänglighet till digital offentlig service, laki digitaalisten palvelujen tarjoamisesta
(306/2019) and the EU model statement (Commission Implementing Decision (EU) 2018/1523) list what a statement must
say; the GDPR (art. 13) what a privacy notice must say. These tests read the built pages, so a later edit cannot drop
an element unnoticed. deploy/logrotate.conf deletes the web server's logs after the days the notice states: it is
checked against the setting, and run with Debian's logrotate.
"""

from __future__ import annotations

import copy
import gzip
import os
import re
import subprocess
from datetime import date
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

import pelicanconf
from plugins.content_settings.content_settings import ContentSettingError, fill
from tests.html import html_pages, page, text, url_of

STATEMENT = {"sv": "/tillganglighet/", "fi": "/fi/saavutettavuusseloste/"}
PRIVACY = {"sv": "/personuppgifter/", "fi": "/fi/tietosuoja/"}
CONTACTS = ("mailto:sara.ward.edvall@regionvasterbotten.se", "mailto:sanni.pietila@osao.fi", "tel:+46761172965")

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
LOGROTATE_CONF = DEPLOY / "logrotate.conf"
NGINX_CONF = DEPLOY / "nginx.conf"
LOGROTATE = Path("/usr/sbin/logrotate")
# The site's own log folder: Debian's /etc/logrotate.d/nginx rotates /var/log/nginx/*.log, not this folder.
SITE_LOGS = "/var/log/nginx/batteryregion.eu/"

SV_MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
             "november", "december")  # fmt: skip
DATE = {"sv": rf"(\d{{1,2}}) ({'|'.join(SV_MONTHS)}) (\d{{4}})", "fi": r"(\d{1,2})\.(\d{1,2})\.(\d{4})"}

# What each language's statement says, in its own words.
STATEMENT_FACTS = {
    "sv": {
        "law": "lag (2018:1937) om tillgänglighet till digital offentlig service",
        "status": "delvis förenlig",
        "reason": "inte har kontrollerats för hand med skärmläsare",
        "not_accessible": "Innehåll som inte är tillgängligt",
        "supervision": "Tillsyn",
        "authority": "Myndigheten för digital förvaltning (Digg)",
        "authority_hosts": {"digg.se", "www.digg.se"},
        "feedback_first": "Påtala först bristen för oss",
        "when_to_complain": "Om du inte är nöjd med hur vi hanterar dina synpunkter",
        "established": "upprättades den",
        "updated": "uppdaterades senast den",
        "assessed": "bedömningen gjordes den",
    },
    "fi": {
        "law": "lain digitaalisten palvelujen tarjoamisesta (306/2019)",
        "status": "osittain",
        "reason": "ole vielä tarkistettu käsin ruudunlukijalla",
        "not_accessible": "Ei-saavutettava sisältö",
        "supervision": "Valvontaviranomainen",
        "authority": "Liikenne- ja viestintävirasto Traficom",
        # Traficom itself, or saavutettavuusvaatimukset.fi, the service of its accessibility supervision.
        "authority_hosts": {"traficom.fi", "www.traficom.fi", "saavutettavuusvaatimukset.fi",
                            "www.saavutettavuusvaatimukset.fi"},
        "feedback_first": "anna ensin palautetta meille",
        "when_to_complain": "Jos et ole tyytyväinen saamaasi vastaukseen tai et saa vastausta kahden viikon kuluessa",
        "established": "laadittu",
        "updated": "päivitetty viimeksi",
        "assessed": "arviointi tehtiin",
    },
}  # fmt: skip


def main_of(site, url):
    return page(site, url).xpath("//main")[0]


def links_of(element) -> set[str]:
    return {anchor.get("href") for anchor in element.iter("a")}


def section(main, heading: str):
    """What follows the `<h2>` named `heading` up to the next `<h2>`, in one element."""
    headings = [h2 for h2 in main.iter("h2") if text(h2) == heading]
    assert len(headings) == 1, f"expected one section {heading!r}, found {len(headings)}"
    found = lxml.html.Element("section")
    for sibling in headings[0].itersiblings():
        if sibling.tag == "h2":
            break
        found.append(copy.deepcopy(sibling))
    return found


def date_after(words: str, lang: str, words_before: str) -> date:
    """The date written right after `words_before` (`den 28 november 2026`, `28.11.2026`)."""
    match = re.search(rf"{re.escape(words_before)} {DATE[lang]}", words)
    assert match, f"{STATEMENT[lang]}: no date after {words_before!r}"
    day, month, year = match.groups()
    month_number = SV_MONTHS.index(month) + 1 if lang == "sv" else int(month)
    return date(int(year), month_number, int(day))


def test_every_page_links_both_statements_from_the_footer_in_its_language(site):
    for file in html_pages(site):
        tree = page(site, url_of(site, file))
        lang = tree.get("lang")
        footer_links = {anchor.get("href") for anchor in tree.xpath("//footer//a")}
        assert {STATEMENT[lang], PRIVACY[lang]} <= footer_links, f"{url_of(site, file)}: footer lacks the statements"


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_accessibility_statement_has_every_element_the_law_asks_for(site, lang):
    facts = STATEMENT_FACTS[lang]
    main = main_of(site, STATEMENT[lang])
    words = text(main)
    assert "Region Västerbotten" in words and "batteryregion.eu" in words  # who is responsible, for what
    assert facts["law"] in words
    assert facts["status"] in text(main.xpath(".//strong")[0])  # the conformance status, stated plainly
    assert "WCAG 2.1" in words
    assert facts["reason"] in words  # why only partly: no manual check with a screen reader yet
    assert set(CONTACTS) <= links_of(main)  # the feedback channel


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_partly_compliant_is_followed_by_the_content_and_the_wcag_criteria(site, lang):
    """The model statement: a partly compliant site lists what is not accessible, with the criteria and why."""
    main = main_of(site, STATEMENT[lang])
    listed = section(main, STATEMENT_FACTS[lang]["not_accessible"])
    items = listed.xpath(".//li")
    assert items, f"{STATEMENT[lang]}: the section on content that is not accessible lists nothing"
    for item in items:
        assert re.search(r"\(WCAG \d\.\d\.\d+", text(item)), f"{STATEMENT[lang]}: {text(item)!r} names no criterion"
    assert ("skärmläsare" if lang == "sv" else "ruudunlukij") in text(listed)


def test_both_statements_list_the_same_criteria(site):
    def criteria(lang: str) -> list[str]:
        listed = section(main_of(site, STATEMENT[lang]), STATEMENT_FACTS[lang]["not_accessible"])
        return re.findall(r"\d\.\d\.\d+", " ".join(re.findall(r"\(WCAG [^)]*\)", text(listed))))

    assert criteria("sv") == criteria("fi") != []


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_supervisory_authority_is_named_linked_and_the_complaint_route_explained(site, lang):
    facts = STATEMENT_FACTS[lang]
    supervision = section(main_of(site, STATEMENT[lang]), facts["supervision"])
    words = text(supervision)
    assert facts["authority"] in words
    authority_links = [
        href
        for href in links_of(supervision)
        if urlsplit(href).scheme == "https" and urlsplit(href).hostname in facts["authority_hosts"]
    ]
    assert authority_links, f"{STATEMENT[lang]}: {facts['authority']} is named but not linked"
    assert facts["feedback_first"] in words and facts["when_to_complain"] in words


def test_finnish_statement_names_the_supervisor_since_2025(site):
    assert "1.1.2025" in text(section(main_of(site, STATEMENT["fi"]), "Valvontaviranomainen"))


def test_statement_dates_agree_and_follow_each_other(site):
    dates = {}
    for lang, facts in STATEMENT_FACTS.items():
        words = text(main_of(site, STATEMENT[lang]))
        dates[lang] = {when: date_after(words, lang, facts[when]) for when in ("established", "updated", "assessed")}
        assert dates[lang]["established"] <= dates[lang]["updated"], f"{STATEMENT[lang]}: updated before it was made"
        assert dates[lang]["assessed"] <= dates[lang]["updated"], f"{STATEMENT[lang]}: assessed after the last update"
    assert dates["sv"] == dates["fi"]


@pytest.mark.parametrize(
    ("lang", "lead_partner", "data_protection_officer", "processor", "basis", "authority_link"),
    [
        ("sv", "Region Västerbotten var huvudpart", "dataskyddsombud", "personuppgiftsbiträde", "artikel 6.1 e",
         "https://www.imy.se/privatperson/utfora-arenden/lamna-ett-klagomal/"),
        ("fi", "Region Västerbotten oli Interreg Nord -hankkeen Battery Regionin päätoteuttaja", "tietosuojavastaava",
         "henkilötietojen käsittelijä", "6 artiklan 1 kohdan e alakohta", "https://tietosuoja.fi/"),
    ],
)  # fmt: skip
def test_privacy_notice_names_controller_logs_recipients_basis_rights_and_complaint(
    site, lang, lead_partner, data_protection_officer, processor, basis, authority_link
):
    main = main_of(site, PRIVACY[lang])
    words = text(main)
    days = pelicanconf.ACCESS_LOG_RETENTION_DAYS
    # The controller today, and in the past tense the project it led (it has ended).
    assert lead_partner in words
    assert data_protection_officer in words
    assert processor in words  # who receives the logs: the web host, on the region's behalf
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
