"""Checks of every link and embedded file in a body: safe, on this site where it should be, and existing.

Links to other content (`{filename}`), to static files (`{static}`), and to the live address
(https://batteryregion.eu/..., or root-relative /...) must resolve to something the build produces:
a published item, a front page, list or category page, or a file in the content or theme folders.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from plugins.common import display_path

from . import markdown_scan as scan
from .content_index import ContentIndex, normalise_path
from .document import Document
from .html_safety import FORBIDDEN_ELEMENTS, UNSAFE_SCHEMES
from .problem import Problem

_INTRASITE = re.compile(r"^[{|](?P<what>[a-z]+)[|}](?P<value>.*)$")
_OTHER_SCHEMES = ("mailto", "tel", "sms")
_QUOTES = ('"', "'", "“", "”", "„", "‟", "‘", "’", "‚", "«", "»", "‹", "›")
_URL_TEXT = re.compile(r"^\s*<?(?:https?://|www\.)", re.I)


def check_link(doc: Document, link: scan.Link, index: ContentIndex) -> Iterator[Problem]:
    """Alt text, safe address, readable link text, no embeds from other hosts, and a target that exists."""
    p, url = doc.path, link.url
    cleaned = re.sub(r"[\s\x00-\x1f]", "", url).lower()
    scheme = cleaned.split(":", 1)[0] if ":" in cleaned and not cleaned.startswith(("{", "|")) else ""
    what = "image" if link.image else (f"<{link.tag}>" if link.tag else "link")
    if link.image and link.tag is None and not (link.text or "").strip() and not link.decorative:
        yield Problem(
            p,
            link.line,
            "image without alt text",
            f"describe what the image shows inside the brackets: ![{index.doc_examples(doc)['image_alt']}](...); an"
            " image that only decorates is marked so: ![](...){: .decorative}",
        )
    if url[:1] in _QUOTES or url[-1:] in _QUOTES:
        # Typographic quotes (a word processor's) or plain ones: either way the address is broken.
        address = url.strip("".join(_QUOTES) + " ")
        written = f"![{link.text}]({address})" if link.image else f"[{link.text}]({address})"
        yield Problem(
            p,
            link.line,
            f"the address of the {what} is in quotation marks ({url[:60]})",
            f"remove the quotation marks: {written if link.tag is None and link.text is not None else address}",
        )
        return
    if scheme in UNSAFE_SCHEMES:
        return  # refused by check_rendered, which sees every such address in the HTML the build makes
    if link.autolink and ("@" in url and not url.startswith(("http", "ftp"))):
        address = url.removeprefix("mailto:")
        yield Problem(p, link.line, f"e-mail address written as <{url}>", f"write it as [{address}](mailto:{address})")
        return
    if not link.image and link.tag is None and link.text is not None and _URL_TEXT.match(link.text):
        yield Problem(
            p,
            link.line,
            f"the link text is a bare address ({link.text.strip()[:50]})",
            f"write what the link leads to instead, e.g. [{index.doc_examples(doc)['link']}](https://...)",
        )
    if scheme in _OTHER_SCHEMES or url.startswith("#") or not url:
        return
    spaced = _space_in_file_name(url)
    if spaced:
        yield _spaced_file_problem(doc, link, url, spaced)
        return
    intrasite = _INTRASITE.match(url)
    if intrasite:
        yield from _check_intrasite(doc, link, intrasite.group("what"), intrasite.group("value"), index)
        return
    parts = urlsplit(url if not url.startswith("www.") else f"https://{url}")
    canonical = urlsplit(index.settings.get("CANONICAL_SITEURL") or "https://batteryregion.eu").hostname or ""
    host = (parts.hostname or "").lower()
    if host and host not in {canonical, f"www.{canonical}"}:
        # <iframe>, <object> and <embed> are refused outright by the raw-HTML check.
        if link.embeds and link.tag not in FORBIDDEN_ELEMENTS:
            yield Problem(
                p,
                link.line,
                f"{what} loaded from another website ({host})",
                "put the file in content/images/ and use {static}/images/<file>, or link to it instead of embedding it",
            )
        return
    if parts.scheme and parts.scheme not in ("http", "https"):
        yield Problem(
            p, link.line, f"{what} with an unknown kind of address ({parts.scheme}:)", "use an https:// address"
        )
        return
    if not host and not url.startswith("/"):
        kind = "{filename}" if url.split("#")[0].split("?")[0].endswith(".md") else "{static}"
        yield Problem(
            p,
            link.line,
            f"relative {what} address {url!r} will not work on the site",
            f"write {kind}{'' if url.startswith('.') else '/'}{url} (a path in the content folder) or the full https://{canonical}/... address",
        )
        return
    yield from _check_site_path(doc, link, parts.path or "/", index, url)


def _space_in_file_name(url: str) -> str | None:
    """The file name of an address on this site (or a {static}/{filename} path) that has a space in it."""
    if _INTRASITE.match(url) is None and urlsplit(url).scheme:
        return None  # another website's address: its spaces are its own business
    path = unquote(urlsplit(_INTRASITE.sub(r"\g<value>", url)).path)
    return next((part for part in path.split("/") if re.search(r"\s", part)), None)


def _spaced_file_problem(doc: Document, link: scan.Link, url: str, name: str) -> Problem:
    renamed = re.sub(r"\s+", "-", name.strip())
    what = "image" if link.image else "link"
    return Problem(
        doc.path,
        link.line,
        f"the {what} address {url!r} has a space in the name {name!r}: the address breaks on the site",
        f"rename the file (or folder) to {renamed!r}, without spaces, and write {url.replace(name, renamed)}",
    )


def _check_site_path(doc: Document, link: scan.Link, path: str, index: ContentIndex, url: str) -> Iterator[Problem]:
    key = normalise_path(path)
    if key in index.live or key in index.generated or key in index.static:
        return
    if key in index.pending:
        target = index.pending[key]
        if doc.status == "published":
            yield _pending_link(doc, link, url, target, index)
        return
    if link.embeds:
        yield Problem(
            doc.path,
            link.line,
            f"{'image' if link.image else f'<{link.tag}>'} {url} is not a file of this site",
            "put the file in content/images/ and write {static}/images/<file>",
        )
        return
    suggestion = difflib.get_close_matches(key, list(index.live), n=1, cutoff=0.7)
    hint = f"did you mean /{suggestion[0]}? " if suggestion else ""
    yield Problem(
        doc.path,
        link.line,
        f"link to {url}, an address no content on this site produces",
        f"{hint}correct the address, or link to the file: {{filename}}../pages/<name>.{doc.lang or index.default_lang}.md",
    )


def _pending_link(doc: Document, link: scan.Link, shown: str, target: Document, index: ContentIndex) -> Problem:
    """A published item links to a draft or to an item dated later: the link would lead nowhere."""
    where = display_path(target.path)
    if target.status == "published":
        fix = (
            "add the link when that item is out, or remove it until then"
            if doc.kind == "page"  # pages have no date to move
            else "give this item a date no earlier than that one, or add the link when that item is out"
        )
        return Problem(
            doc.path,
            link.line,
            f"link to {shown}, which is dated {target.value('date')} ({where}): the link leads nowhere until then",
            fix,
        )
    return Problem(
        doc.path,
        link.line,
        f"link to {shown}, which is a draft ({where}) and not on the site",
        "publish that item first, or remove the link",
    )


def _check_intrasite(doc: Document, link: scan.Link, what: str, value: str, index: ContentIndex) -> Iterator[Problem]:
    p = doc.path
    target_path = unquote(urlsplit(value).path)
    if what in {"filename", "static", "attach"}:
        base = index.content_dir if target_path.startswith("/") else p.parent
        target = (base / target_path.lstrip("/")).resolve()
        shown = f"{{{what}}}{value}"
        if not target.is_file():
            name = Path(target_path).name
            near = [c for c in index.content_dir.rglob(name)] if name else []
            hint = f"the file is at {{{what}}}/{near[0].relative_to(index.content_dir).as_posix()}; " if near else ""
            yield Problem(
                p,
                link.line,
                f"{shown} points to a file that does not exist",
                f"{hint}check the name and folder ({{{what}}} paths start from this file's folder, or from the content folder with a leading /)",
            )
            return
        root = index.content_dir.resolve()
        if not target.is_relative_to(root):
            yield Problem(p, link.line, f"{shown} points outside the content folder", "link only to files in content/")
            return
        rel = target.relative_to(root).as_posix()
        targets = index.docs_by_path
        if what == "filename" and target not in targets:
            yield Problem(
                p,
                link.line,
                f"{shown} points to {rel}, which is not an article or page",
                f"link files such as images with {{static}}/{rel}",
            )
        elif what in {"static", "attach"} and rel not in index.static:
            yield Problem(
                p,
                link.line,
                f"{shown} points to {rel}, which is not a static file",
                "link articles and pages with {filename}, and keep images in content/images/",
            )
        elif what == "filename" and doc.status == "published":
            linked = targets[target]
            if linked.status != "published" or index.is_future(linked):
                yield _pending_link(doc, link, shown, linked, index)
    elif what == "category":
        names = {name for entry in index.categories for name in entry.values()}
        if value not in names:
            yield Problem(
                p, link.line, f"{{category}}{value} is not a category", f"use one of {', '.join(sorted(names))}"
            )
    elif what != "index":
        yield Problem(
            p,
            link.line,
            f"{{{what}}} links are not used on this site",
            "link articles and pages with {filename}, images with {static}",
        )
