"""The project's partners (the PARTNERS setting), named in the language of the page being rendered.

On `initialized` the setting is checked (a name and a known role each). On `generator_init` the templates get
the globals `partner_names()` (each partner's name, in PARTNERS order: the footer) and `partner_list()` (the
names as one phrase by the page locale's CLDR list pattern, "A, B, C och D": the front page's sentence).
`partners()` serves plugins/structured_data, so the JSON-LD names the partners as the pages do.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.lists import format_list
from jinja2 import pass_context
from pelican import signals

from plugins.common import catalog

# What a partner is to the project. "lead": the project lead works there (JSON-LD names it organiser of the
# project's events beside the project); "partner": one of the others.
ROLES = ("lead", "partner")


class PartnersError(ValueError):
    """The PARTNERS setting is not as this plugin reads it; the message says what to change."""


@dataclass(frozen=True)
class Partner:
    name: str  # in the page's language
    role: str  # one of ROLES
    schema_type: str  # its schema.org type


def check_partners(pelican) -> None:
    for number, partner in enumerate(pelican.settings.get("PARTNERS", []), start=1):
        if not partner.get("name") or partner.get("role") not in ROLES:
            raise PartnersError(
                f"pelicanconf.py: PARTNERS entry {number} ({partner!r}) needs a name, N_('...'), and a role,"
                f" one of {', '.join(ROLES)}"
            )


def partners(context) -> list[Partner]:
    """The partners in PARTNERS order, each named from the interface catalog of the page's language."""
    translate = catalog(context, context["DEFAULT_LANG"]).gettext
    return [
        Partner(translate(partner["name"]), partner["role"], partner.get("schema_type", "Organization"))
        for partner in context.get("PARTNERS", [])
    ]


@pass_context
def partner_names(context) -> list[str]:
    return [partner.name for partner in partners(context)]


@pass_context
def partner_list(context) -> str:
    """All partners as one phrase in the page's language: "Region Västerbotten, …, Pohjois-Pohjanmaan liitto ja OSAO"."""
    locale = context["LANGUAGES"][context["DEFAULT_LANG"]]["locale"]
    return format_list(partner_names(context), locale=locale)


def add_globals(generator) -> None:
    generator.env.globals.update(partner_names=partner_names, partner_list=partner_list)


def register() -> None:
    signals.initialized.connect(check_partners)
    signals.generator_init.connect(add_globals)
