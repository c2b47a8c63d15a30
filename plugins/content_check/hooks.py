"""Pelican hooks: refuse to build content with errors.

`initialized`: validate all content once, as of the build's "now" (plugins/schedule), and raise
`ContentError` listing every error (i18n_subsites starts one more Pelican per extra language in the
same process; those skip it). The build (sitebuild) checks the same content with the same code and "now"
before it starts Pelican and says so with the setting `CONTENT_CHECKED`: then Pelican does not check again.
`content_object_init`: the rendered text of every article and page is read with lxml, and one that
still holds markup that could run code or restyle the page (html_safety; `invoke check` refuses it
first, this is the last line of defence) is refused: Pelican logs the error, leaves the item out,
and the build fails.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from plugins.common import display_path, is_main_site
from plugins.schedule import build_now

from .checks import validate
from .html_safety import unsafe_markup
from .problem import ContentError


def check_before_build(pelican) -> None:
    settings = pelican.settings
    # The main site has already checked everything (in every language) when a subsite starts; and the build
    # checked it all before starting Pelican (sitebuild/validate.py): a second check would find the same.
    if not is_main_site(settings) or settings.get("CONTENT_CHECKED"):
        return
    content = Path(settings["PATH"])
    errors = [problem for problem in validate(content, settings, build_now(settings)) if problem.is_error]
    if errors:
        listing = "\n".join(problem.render(Path.cwd()) for problem in errors)
        raise ContentError(f"{len(errors)} content problem(s); nothing was built. Run `invoke check`.\n{listing}")


# Texts found safe in this process, by digest (the texts themselves are let go of once read): i18n_subsites reads
# every file once per language, the same HTML each time.
_SAFE: set[bytes] = set()


def refuse_unsafe_markup(content) -> None:
    from pelican.contents import Article, Page

    if not isinstance(content, (Article, Page)):
        return
    # `_content` is the HTML Markdown made, before Pelican fills in {filename} links: nothing more to run.
    html = content._content or ""
    digest = hashlib.blake2b(html.encode("utf-8"), digest_size=16).digest()
    if digest in _SAFE:
        return
    findings = unsafe_markup(html)
    if not findings:
        _SAFE.add(digest)
    if findings:
        listing = ", ".join(dict.fromkeys(finding.describe() for finding in findings))
        raise ContentError(
            f"{display_path(Path(content.source_path))}: the rendered text contains {listing}, which could run code"
            " or change the page — remove it (`invoke check` names the line and the fix)"
        )
