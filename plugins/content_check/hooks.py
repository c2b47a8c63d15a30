"""Pelican hooks: refuse to build content with errors, and hold back items dated after "now".

`initialized`: validate all content once (i18n_subsites starts one more Pelican per extra language
in the same process; those skip it) and raise `ContentError` listing every error. The setting
`CONTENT_CHECK_BEFORE_BUILD = False` skips this (for tests of Pelican's own error handling).
`content_object_init`: the rendered text of every article and page is read with lxml, and one that
still holds markup that could run code or restyle the page (html_safety; `invoke check` refuses it
first, this is the last line of defence) is refused: Pelican logs the error, leaves the item out,
and the build fails. Then a published article or page dated after the build's "now" becomes a draft,
so it is written nowhere (DRAFT_*_SAVE_AS are empty). "Now" is the `BUILD_NOW` setting: sitebuild.now works
it out once per build (`--now`; for the production build the commit's time, so the same commit gives the
same site whenever it is built; else the clock) and passes it as `-e BUILD_NOW=...`, to the content check
before the build too. Only Pelican run by hand without it falls back to the clock. `build_now` is the one
reading of that setting: plugins/events splits upcoming and past events with it as well.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from plugins.common import is_main_site

from .checks import validate
from .html_safety import unsafe_markup
from .site import ContentError, project_path


def build_now(settings: dict) -> datetime:
    """The moment the build publishes for, in TIMEZONE: the `BUILD_NOW` setting (ISO 8601), else the clock."""
    tz = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    value = settings.get("BUILD_NOW")
    if not value:
        return datetime.now(tz)
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise ContentError(f"BUILD_NOW {value!r} is not a date — write it as 2022-09-01T00:00") from None
    # An offset (as sitebuild writes the commit's time) is kept as the same moment in the site's zone.
    return moment.astimezone(tz) if moment.tzinfo else moment.replace(tzinfo=tz)


def check_before_build(pelican) -> None:
    settings = pelican.settings
    # The main site has already checked everything (in every language) when a subsite starts.
    if not is_main_site(settings):
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
