"""Addresses and sources of the real site that several test modules assert on (content/, as it is)."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# The press release of 15 September 2022 as the old site had it: content/ reproduces it line by line.
SOURCE = FIXTURES / "source" / "press-release-2022-09-15.sv.txt"
PRESS_SV = "/2022/09/15/batteribranschens-kompetensbehov-har-kartlagts/"
PRESS_FI = "/fi/2022/09/15/akkualan-osaamistarpeet-on-kartoitettu/"
CONFERENCE_SV = "/2022/06/30/slutkonferens/"
CONFERENCE_FI = "/fi/2022/06/30/loppukonferenssi/"
ABOUT_SV, ABOUT_FI = "/om-projektet/", "/fi/tietoa-hankkeesta/"
CONTACT_SV, CONTACT_FI = "/kontakt/", "/fi/yhteystiedot/"
