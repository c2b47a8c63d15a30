"""Links to the live address (CANONICAL_SITEURL) inside content become links within this site.

Editors paste addresses such as https://batteryregion.eu/2022/06/30/slutkonferens/; in a local or
preview build they must lead to the page built here. Hooks `content_object_init`.
"""

from __future__ import annotations

import re

from pelican import signals


def rewrite(html: str, canonical: str, main_siteurl: str) -> str:
    """Point href/src attributes at `main_siteurl` instead of the canonical address."""
    if not canonical or canonical == main_siteurl:
        return html
    pattern = re.compile(r'(\b(?:href|src)=["\'])' + re.escape(canonical.rstrip("/")) + r"(?=([/\"'?#]))")
    # An empty main SITEURL means root-relative links: "" + "/path"; the bare origin is the front page, "/".
    root = main_siteurl.rstrip("/")

    def replace(match: re.Match) -> str:
        return match.group(1) + (root or ("" if match.group(2) == "/" else "/"))

    return pattern.sub(replace, html)


def rewrite_content(instance) -> None:
    settings = instance.settings
    if instance._content is None:
        return
    instance._content = rewrite(
        instance._content, settings.get("CANONICAL_SITEURL", ""), settings.get("MAIN_SITEURL", "")
    )


def register() -> None:
    signals.content_object_init.connect(rewrite_content)
