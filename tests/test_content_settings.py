"""plugins/content_settings: `{setting:NAME}` in content replaced by the setting's value, the owner facts, and
what content shows for each state of an owner fact. The legal pages that quote them: tests/test_public_duties.py."""

from __future__ import annotations

import re

import lxml.html
import pytest

from plugins.content_settings import OwnerFactError, unset_owner_facts
from plugins.content_settings.content_settings import ContentSettingError, fill
from plugins.content_settings.owner_facts import show_when
from tests.support.html import text


def test_unset_owner_facts_lists_exactly_the_unset_ones():
    settings = {
        "OWNER": "Region Västerbotten",
        "OWNER_ACCESSIBILITY_CONTACT": None,
        "OWNER_DATA_PROTECTION_OFFICER": "dataskyddsombud@example.org",
        "OWNER_WEB_HOST": None,
        "OWNER_LOGS_LEAVE_EEA": False,  # a confirmed "no" is set
        "SECURITY_CONTACT": "mailto:security@example.org",  # not an owner fact
        "ACCESS_LOG_RETENTION_DAYS": 14,
    }
    sentences = unset_owner_facts(settings)
    assert len(sentences) == 2
    assert "OWNER_ACCESSIBILITY_CONTACT" in sentences[0] and "OWNER_WEB_HOST" in sentences[1]
    assert all("Region Västerbotten" in sentence for sentence in sentences)


# ---- Conditions in content: what shows for each state of an owner fact ----

GETTEXT = str  # the interface's own (English) words


def conditional(name: str, states: dict[str, str]) -> str:
    return "".join(f'<p data-when="{name} is {state}">{words}</p>' for state, words in states.items())


@pytest.mark.parametrize(
    ("value", "shown"), [(None, "Interim contact route: not yet"), ("x@example.org", "Write to x@example.org.")]
)
def test_only_the_element_for_the_facts_state_is_kept(value, shown):
    html = conditional("OWNER_X_CONTACT", {"set": "Write to {setting:OWNER_X_CONTACT}.", "unset": "not yet"})
    settings = {"OWNER_X_CONTACT": value}
    kept = lxml.html.fragment_fromstring(fill(show_when(html, settings, GETTEXT), settings), create_parent="div")
    assert [text(p) for p in kept] == [shown]
    assert kept[0].get("data-owner-fact") == "OWNER_X_CONTACT" and kept[0].get("data-when") is None


@pytest.mark.parametrize(("value", "shown"), [(None, "Not yet confirmed: unknown"), (True, "leave"), (False, "stay")])
def test_a_yes_or_no_fact_keeps_its_true_false_or_unset_element(value, shown):
    html = conditional("OWNER_LOGS_LEAVE_EEA", {"true": "leave", "false": "stay", "unset": "unknown"})
    kept = lxml.html.fragment_fromstring(show_when(html, {"OWNER_LOGS_LEAVE_EEA": value}, GETTEXT), create_parent="div")
    assert [text(p) for p in kept] == [shown]


def test_a_page_that_forgets_the_unset_case_fails_naming_file_and_line(tmp_path):
    source = tmp_path / "personuppgifter.sv.md"
    source.write_text(
        'Title: X\n\nSkriv till {setting:OWNER_X_CONTACT}.\n{: data-when="OWNER_X_CONTACT is set" }\n', encoding="utf-8"
    )
    html = conditional("OWNER_X_CONTACT", {"set": "Skriv till {setting:OWNER_X_CONTACT}."})
    with pytest.raises(OwnerFactError, match=rf'{re.escape(str(source))}:3: .*"OWNER_X_CONTACT is unset"'):
        show_when(html, {"OWNER_X_CONTACT": "x@example.org"}, GETTEXT, str(source))


@pytest.mark.parametrize(
    ("html", "settings", "message"),
    [
        (conditional("OWNER_Y", {"set": "a", "unset": "b"}), {}, "names no setting"),
        ('<p data-when="OWNER_Y is here">a</p>', {"OWNER_Y": None}, "is not a condition"),
        (conditional("OWNER_Y", {"set": "a", "unset": "b"}), {"OWNER_Y": True}, "a yes or no"),
        (conditional("OWNER_Y", {"true": "a", "false": "b", "unset": "c"}), {"OWNER_Y": "x"}, "not true or false"),
    ],
)
def test_a_condition_that_cannot_hold_fails(html, settings, message):
    with pytest.raises(OwnerFactError, match=message):
        show_when(html, settings, GETTEXT)


def test_an_unset_fact_quoted_outside_its_condition_fails():
    with pytest.raises(ContentSettingError, match=r'not set yet .*data-when="OWNER_X_CONTACT is set"'):
        fill("<p>Skriv till {setting:OWNER_X_CONTACT}.</p>", {"OWNER_X_CONTACT": None})


def test_a_setting_is_quoted_into_content():
    assert fill("<p>Sparas i {setting:DAYS} dagar.</p>", {"DAYS": 14}) == "<p>Sparas i 14 dagar.</p>"


def test_a_quoted_setting_is_escaped():
    assert fill("<p>{setting:HOST}</p>", {"HOST": "A & B <AB>"}) == "<p>A &amp; B &lt;AB&gt;</p>"


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
