"""Facts of the production build that the production, nginx and publish tests share."""

from __future__ import annotations

import re
from pathlib import Path

SITEURL = "https://batteryregion.eu"
# A content hash in a file name, as sitebuild/postprocess/fingerprint writes it.
HASHED = re.compile(r"\.([0-9a-f]{10})(\.[A-Za-z0-9]+)$")
# The old Finnish about page (content/pages/om-projektet.fi.md, Aliases:).
LEGACY_ADDRESS, LEGACY_TARGET = "/projekti/?lang=fi", "/fi/tietoa-hankkeesta/"


def headers_file(output: Path) -> dict[str, dict[str, str]]:
    """The `_headers` file of a build, as {path pattern: {header: value}}."""
    rules: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in (output / "_headers").read_text(encoding="utf-8").splitlines():
        if line.startswith("/"):
            current = rules.setdefault(line, {})
        elif line.startswith("  "):
            name, value = line.strip().split(": ", 1)
            current[name] = value
    return rules
