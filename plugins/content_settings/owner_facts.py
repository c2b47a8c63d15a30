"""Owner facts: what only the body that provides the site can confirm, and what pages show until it has.

`OWNER` and every `OWNER_*` setting (pelicanconf.py) is an owner fact; `None` means not yet confirmed. Content
says what to show in each case with a condition on a paragraph or list item (Python-Markdown's attribute list):

    Skicka synpunkter till [{setting:OWNER_ACCESSIBILITY_CONTACT}](mailto:{setting:OWNER_ACCESSIBILITY_CONTACT}).
    {: data-when="OWNER_ACCESSIBILITY_CONTACT is set" }

    Tills vidare når du oss genom …
    {: data-when="OWNER_ACCESSIBILITY_CONTACT is unset" }

A fact that is true or false (`OWNER_LOGS_LEAVE_EEA`) takes `is true`, `is false` and `is unset` instead. Only the
element whose condition holds is kept; it names its fact in `data-owner-fact`. An element kept because its fact is
unset is marked where everyone sees it: a label first ("Tillfällig kontaktväg:" for a fact whose name ends in
`_CONTACT` or `_OFFICER`, a way to reach the owner; "Ännu inte bekräftat:" for any other) and the class
`br-interim`. A page that conditions on a fact must say what it shows in every state, or the build fails.
"""

from __future__ import annotations

import html as html_text
import re
from collections.abc import Callable, Mapping
from typing import Any

import lxml.html

from .content_settings import ContentSettingError, line_of

OWNER_FACT = re.compile(r"OWNER(?:_[A-Z0-9_]+)?")
CONDITION = re.compile(r"\s*(?P<name>[A-Z][A-Z0-9_]*)\s+is\s+(?P<state>set|unset|true|false)\s*")
# The states a page must cover for a fact: one with a value, or one that is true or false.
VALUE_STATES = frozenset({"set", "unset"})
YES_NO_STATES = frozenset({"true", "false", "unset"})
CONTACT_SUFFIXES = ("_CONTACT", "_OFFICER")
INTERIM_CLASS = "br-interim"
LABEL_CLASS = "br-interim__label"


class OwnerFactError(ContentSettingError):
    """Content conditions on owner facts that cannot be shown as written."""


def owner_facts(settings: Mapping[str, Any]) -> list[str]:
    """The names of the owner facts (`OWNER` and every `OWNER_*` setting), in the order the settings give them."""
    return [name for name in settings if OWNER_FACT.fullmatch(name)]


def is_contact(name: str) -> bool:
    """Whether a fact is a way to reach the owner: while unset, pages give an interim contact route instead."""
    return name.endswith(CONTACT_SUFFIXES)


def unset_owner_facts(settings: Mapping[str, Any]) -> list[str]:
    """One sentence per owner fact that is not set, naming its setting (for `invoke publish`'s summary)."""
    owner = settings.get("OWNER") or "the site's owner"
    sentences = []
    for name in owner_facts(settings):
        if settings[name] is not None:
            continue
        if is_contact(name):
            shown = "the site gives a marked interim contact route instead"
        else:
            shown = "the site says that it is not yet confirmed"
        sentences.append(f"{name} is not set in pelicanconf.py: until {owner} confirms it, {shown}.")
    return sentences


def interim_label(name: str, gettext: Callable[[str], str]) -> str:
    """The visible mark of an element shown because `name` is unset, in the page's language."""
    _ = gettext
    if is_contact(name):
        return _("Interim contact route:")
    return _("Not yet confirmed:")


def _holds(name: str, state: str, settings: Mapping[str, Any], where: str) -> bool:
    if name not in settings:
        raise OwnerFactError(
            f'{where}: data-when="{name} is {state}" names no setting — define {name} in pelicanconf.py'
            " (None until it is known) or correct the name"
        )
    value = settings[name]
    if state == "unset":
        return value is None
    if value is None:
        return False
    if state == "set":
        if isinstance(value, bool):
            raise OwnerFactError(
                f'{where}: {name} is {value}, a yes or no: write data-when="{name} is true" and "{name} is false"'
            )
        return True
    if not isinstance(value, bool):
        raise OwnerFactError(
            f'{where}: {name} is {value!r}, not true or false: write data-when="{name} is set" instead'
        )
    return value is (state == "true")


def show_when(html: str, settings: Mapping[str, Any], gettext: Callable[[str], str], source: str | None = None) -> str:
    """Keep the elements of `html` whose `data-when` condition holds and mark those that stand in for unset facts."""
    if "data-when=" not in html:
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    states: dict[str, set[str]] = {}
    for element in root.xpath(".//*[@data-when]"):
        condition = element.get("data-when")
        match = CONDITION.fullmatch(condition)
        if not match:
            raise OwnerFactError(
                f'{line_of(source, condition)}: data-when="{condition}" is not a condition — write'
                ' data-when="OWNER_NAME is set" (or unset, true, false)'
            )
        name, state = match["name"], match["state"]
        states.setdefault(name, set()).add(state)
        del element.attrib["data-when"]
        if not _holds(name, state, settings, line_of(source, condition)):
            element.drop_tree()
            continue
        element.set("data-owner-fact", name)
        if state == "unset":
            element.set("class", " ".join(filter(None, (element.get("class"), INTERIM_CLASS))))
            label = lxml.html.Element("strong", {"class": LABEL_CLASS})
            label.text = interim_label(name, gettext)
            label.tail = " " + (element.text or "")
            element.text = None
            element.insert(0, label)
    for name, seen in states.items():
        expected = YES_NO_STATES if seen & {"true", "false"} else VALUE_STATES
        if seen != expected:
            missing = ", ".join(f'"{name} is {state}"' for state in sorted(expected - seen))
            extra = ", ".join(f'"{name} is {state}"' for state in sorted(seen - expected))
            raise OwnerFactError(
                f"{line_of(source, name)}: the page says what it shows when {name} is"
                f" {' or '.join(sorted(seen))}, but not in every case — "
                + (f"add an element marked data-when={missing}" if missing else f"remove data-when={extra}")
            )
    return html_text.escape(root.text or "", quote=False) + "".join(
        lxml.html.tostring(child, encoding="unicode", method="html") for child in root
    )
