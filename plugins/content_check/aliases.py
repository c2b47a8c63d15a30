"""Checks of `Aliases:`, the old WordPress addresses an item replaces (`Aliases: /projekti/?lang=fi`, several
comma-separated), and `legacy_aliases()`, the validated old addresses the production build turns into redirects.

An alias is a path on this site with no #fragment and no query but `?lang=<a language of the site>` (WordPress
named its Finnish pages so); it may not be an address the site writes (the redirect would hide that page), the
old address of a language's front page (`/?lang=fi`, which leads to `/fi/`), or another item's alias.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from plugins.common import display_path

from .content_index import ContentIndex, doc_url, normalise_path
from .document import Document
from .problem import ContentError, Problem, language_name

_PATH = re.compile(r"^/[A-Za-z0-9._~%/+-]*$")
_QUERY = re.compile(r"^lang=(?P<lang>[^&=]*)$")
# Characters that would break out of a quoted nginx map key (sitebuild/postprocess writes them into one).
_REDIRECT_UNSAFE = re.compile(r"""["\\;{}$\s]""")
_EXAMPLE = "/projekti/ or /projekti/?lang=fi"


@dataclass(frozen=True)
class Alias:
    """An old address that redirects to the item now published at `target` (a site path)."""

    path: str
    lang: str  # the old address's ?lang=, or "" when it has none
    target: str
    source: str  # where it is written (file:line), for messages

    @property
    def address(self) -> str:
        return f"{self.path}?lang={self.lang}" if self.lang else self.path

    @property
    def key(self) -> tuple[str, str]:
        """What the web server matches: WordPress answered a path with and without its trailing slash alike."""
        return self.lang, unquote(self.path).rstrip("/") or "/"


def _parse(address: str, doc: Document, index: ContentIndex) -> Alias | Problem:
    """One written alias as an Alias (its target still unknown), or the Problem with it."""
    parts = urlsplit(address)
    query = _QUERY.match(parts.query) if parts.query else None
    languages = " or ".join(f"?lang={code}" for code in index.languages)
    problem = None
    if parts.scheme or parts.netloc or not _PATH.match(parts.path):
        problem = ("is not a path on this site", f"write the old address as a path, like {_EXAMPLE}")
    elif parts.fragment:
        problem = ("has a #fragment, which never reaches the server", "remove the #… part")
    elif parts.query and (not query or query.group("lang") not in index.languages):
        problem = (
            f"has a query other than {languages}",
            "only the old ?lang= addresses of this site's languages can be redirected: correct it or remove it",
        )
    elif _REDIRECT_UNSAFE.search(unquote(parts.path)):
        problem = ("contains characters a redirect rule cannot hold", "remove them (quotes, \\, ;, {, }, $, spaces)")
    if problem:
        return Problem(doc.path, doc.line("aliases"), f"the alias {address!r} {problem[0]}", problem[1])
    return Alias(
        parts.path, query.group("lang") if query else "", "", f"{display_path(doc.path)}:{doc.line('aliases')}"
    )


def written_aliases(doc: Document) -> list[str]:
    """The old addresses an item's `Aliases:` names, as written."""
    return [part.strip() for part in (doc.value("aliases") or "").split(",") if part.strip()]


def _front_pages(index: ContentIndex) -> dict[tuple[str, str], str]:
    """Each other language's old front page (`/?lang=fi`) by key, with what it is."""
    return {
        (lang, "/"): f"the old address of the {language_name(lang)} front page, which leads to /{index.prefix(lang)}"
        for lang in index.languages
        if lang != index.default_lang
    }


def _taken(alias: Alias, index: ContentIndex) -> str | None:
    """What a path-only alias would hide: an address the site writes, described; None when it is free."""
    if alias.lang:
        return None  # the site's own addresses have no ?lang=
    path = normalise_path(alias.path)
    if path in index.live:
        return f"the address of a page of this site ({display_path(index.live[path].path)})"
    if path in index.generated:
        return f"the address of a page of this site ({index.generated[path]})"
    if path.rstrip("/") in index.static:
        return "the address of a file of this site"
    if path in index.pending:
        return f"the address of {display_path(index.pending[path].path)}, which is not published yet"
    return None


def check_aliases(index: ContentIndex) -> Iterator[Problem]:
    """Every alias readable, on this site, free (no page, no front page of a language) and claimed once."""
    claimed: dict[tuple[str, str], Alias] = {}
    reserved = _front_pages(index)
    for doc in index.docs:
        for address in written_aliases(doc):
            found = _parse(address, doc, index)
            if isinstance(found, Problem):
                yield found
                continue
            line = doc.line("aliases")
            taken = _taken(found, index)
            earlier = claimed.setdefault(found.key, found)
            if found.key in reserved:
                yield Problem(
                    doc.path, line, f"the alias {address} is already {reserved[found.key]}", "remove the alias"
                )
            elif taken:
                yield Problem(
                    doc.path,
                    line,
                    f"the alias {address} is {taken}: a redirect there would hide it",
                    "remove the alias",
                )
            elif earlier is not found and earlier.source == found.source:
                yield Problem(doc.path, line, f"the alias {address} is written twice", "keep one of them")
            elif earlier is not found:
                yield Problem(
                    doc.path,
                    line,
                    f"the alias {address} is also claimed by {earlier.source}",
                    "keep it on one of the two items",
                )


def legacy_aliases(index: ContentIndex, siteurl: str) -> list[Alias]:
    """Every old address the site redirects, validated, sorted: each language's old front page (`/?lang=fi` →
    `/fi/`) and the `Aliases:` of the items published at the index's "now", each with the site path it leads to
    under `siteurl`.

    Raises ContentError naming the file, the line and the fix for an alias `invoke check` refuses.
    """
    problems = list(check_aliases(index))
    if problems:
        listing = "\n".join(problem.render(Path.cwd()) for problem in problems)
        raise ContentError(f"{len(problems)} alias problem(s); no redirects were written:\n{listing}")
    root = urlsplit(siteurl or "").path.rstrip("/") + "/"
    aliases = [
        Alias("/", lang, root + index.prefix(lang), "LANGUAGES in pelicanconf.py")
        for (lang, _path) in _front_pages(index)
    ]
    for doc in index.docs:
        url = doc_url(doc, index)
        if url is None or index.live.get(url) is not doc:
            continue  # a draft or an item dated later: nothing to redirect to yet
        for address in written_aliases(doc):
            alias = _parse(address, doc, index)
            aliases.append(Alias(alias.path, alias.lang, root + url, alias.source))
    return sorted(aliases, key=lambda alias: (alias.path, alias.lang, alias.target))
