"""Pelican hooks: refuse to build content with errors, and hold back items dated after "now".

`initialized`: validate all content once (i18n_subsites starts one more Pelican per extra language
in the same process; those skip it) and raise `ContentError` listing every error. The setting
`CONTENT_CHECK_BEFORE_BUILD = False` skips this (for tests of Pelican's own error handling).
`content_object_init`: the rendered text of every article and page is read with lxml, and one that
still holds markup that could run code or restyle the page (html_safety; `invoke check` refuses it
first, this is the last line of defence) is refused: Pelican logs the error, leaves the item out,
and the build fails. Then a published article or page dated after the build's "now" becomes a draft,
so it is written nowhere (DRAFT_*_SAVE_AS are empty). "Now" is the `BUILD_NOW` setting when given
(`invoke build --now 2022-09-01T00:00`, passed as `-e BUILD_NOW=...`), else SOURCE_DATE_EPOCH when set
(a reproducible build, such as the production build tasks.py starts: the same commit gives the same
site whenever it is built), otherwise the clock. plugins/events splits upcoming and past events at it.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .checks import validate
from .html_safety import unsafe_markup
from .site import ContentError, project_path


def build_now(settings: dict) -> datetime:
    """The moment the build publishes for: `BUILD_NOW` (ISO 8601, local time of TIMEZONE), SOURCE_DATE_EPOCH, or the clock."""
    tz = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    value = settings.get("BUILD_NOW")
    if not value:
        # The reproducible-builds.org variable stands for "now" in a build that must not depend on the clock.
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        return datetime.fromtimestamp(int(epoch), tz) if epoch.isdigit() else datetime.now(tz)
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise ContentError(f"BUILD_NOW {value!r} is not a date — write it as 2022-09-01T00:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def check_before_build(pelican) -> None:
    settings = pelican.settings
    # An i18n subsite has its language as DEFAULT_LANG; the main site has already checked everything.
    if settings.get("DEFAULT_LANG") in settings.get("I18N_SUBSITES", {}):
        return
    # Off only where Pelican's own handling of bad content is under test (`-e CONTENT_CHECK_BEFORE_BUILD=false`).
    if not settings.get("CONTENT_CHECK_BEFORE_BUILD", True):
        return
    content = Path(settings["PATH"])
    errors = [problem for problem in validate(content, settings, build_now(settings)) if problem.is_error]
    if errors:
        listing = "\n".join(problem.render(Path.cwd()) for problem in errors)
        raise ContentError(f"{len(errors)} content problem(s); nothing was built. Run `invoke check`.\n{listing}")


def hold_back_future(content) -> None:
    from pelican.contents import Article, Page

    if not isinstance(content, (Article, Page)) or content.status != "published":
        return
    date = getattr(content, "date", None)
    if date is not None and date > build_now(content.settings):
        content.status = "draft"


def refuse_unsafe_markup(content) -> None:
    from pelican.contents import Article, Page

    if not isinstance(content, (Article, Page)):
        return
    # `_content` is the HTML Markdown made, before Pelican fills in {filename} links: nothing more to run.
    findings = unsafe_markup(content._content or "")
    if findings:
        listing = ", ".join(dict.fromkeys(finding.describe() for finding in findings))
        raise ContentError(
            f"{project_path(Path(content.source_path))}: the rendered text contains {listing}, which could run code"
            " or change the page — remove it (`invoke check` names the line and the fix)"
        )
