"""Checks of `content/redirects/wordpress.json`, the old WordPress addresses that are not an item's `Aliases:`
(`?p=ID`, `?page_id=ID`, `?attachment_id=ID`, category archives, feeds, upload addresses; written by
`invoke import-wordpress`, see docs/migration.md), and `old_addresses()`, the entries the production build turns
into redirects, each resolved from the content it names as of the index's "now".

An entry leads to the item or file its `content` names, wherever that is published now (a changed slug is
followed); one whose item is a draft or dated later, or whose file the build does not publish, is left out until
it is published. An entry without `content` leads to `to`, which must be an address the site writes (a feed, a
category page).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from plugins.common import display_path

from .aliases import written_aliases
from .content_index import ContentIndex, doc_url, normalise_path, static_folders
from .problem import ContentError, Problem

REDIRECTS_FILE = "redirects/wordpress.json"
FORMAT = 1
# The query parameters an entry may require, in the combinations deploy/nginx.conf has a map for, the most
# parameters first (the entry with the most parameters wins). tests/test_old_addresses.py reads the config.
SHAPES = (
    ("attachment_id", "lang"),
    ("lang", "p"),
    ("lang", "page_id"),
    ("attachment_id",),
    ("p",),
    ("page_id",),
    ("lang",),
    (),
)
# nginx gives a parameter's value as it was sent (not decoded): an entry's values must read the same either way.
_VALUE = re.compile(r"^[A-Za-z0-9_.-]+$")
# A redirect's address and target go into a quoted nginx map key and value, and into _redirects.
_UNSAFE = re.compile(r"""["\\'{};$|\s\x00-\x1f\x7f]""")
# map_hash_bucket_size in deploy/nginx.conf (512) holds keys up to this many bytes.
MAX_KEY_BYTES = 480
_FIX = f"correct the entry in {REDIRECTS_FILE}, or remove it (`invoke import-wordpress` writes the file again)"


@dataclass(frozen=True)
class OldAddress:
    """One old address (decoded path and required parameters) and the site path it leads to now.

    `media` names the file in the content folder when the target is an image or document, which the build
    resolves to what its media step published.
    """

    path: str
    query: tuple[tuple[str, str], ...]
    target: str
    source: str  # file:line, for messages
    media: str = ""

    @property
    def shape(self) -> tuple[str, ...]:
        return tuple(key for key, _value in self.query)

    @property
    def address(self) -> str:
        query = "&".join(f"{key}={value}" for key, value in self.query)
        return self.path + (f"?{query}" if query else "")


@dataclass(frozen=True)
class _Entry:
    number: int
    line: int | None
    data: dict

    @property
    def shown(self) -> str:
        shown = self.data.get("from") or self.data.get("path")
        return f"entry {self.number} ({shown})" if isinstance(shown, str) else f"entry {self.number}"


def _read(index: ContentIndex) -> tuple[Path, list[_Entry]] | Problem | None:
    path = index.content_dir / REDIRECTS_FILE
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return Problem(path, error.lineno, f"the file is not JSON ({error.msg})", _FIX)
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("redirects"), list):
        return Problem(
            path,
            None,
            f'the file is not a redirects file of format {FORMAT} ({{"format": 1, "redirects": [...]}})',
            _FIX,
        )
    lines = text.splitlines()
    entries, cursor = [], 0
    for number, entry in enumerate(data["redirects"], start=1):
        line = None
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            needle = f'"path": {json.dumps(entry["path"], ensure_ascii=False)}'
            for at in range(cursor, len(lines)):
                if needle in lines[at]:
                    line, cursor = at + 1, at + 1
                    break
        entries.append(_Entry(number, line, entry))
    return path, entries


def _shape_of(query: dict) -> tuple[str, ...]:
    return tuple(sorted(query))


def map_key(path: str, query: tuple[tuple[str, str], ...]) -> str:
    """The key of an old address in deploy/nginx.conf's maps (sitebuild/postprocess writes them): the path alone,
    `lang:path` (as for Aliases:), or `k=v&k=v path` for other parameters."""
    keys = tuple(key for key, _ in query)
    if not keys:
        return path
    if keys == ("lang",):
        return f"{query[0][1]}:{path}"
    return "&".join(f"{key}={value}" for key, value in query) + " " + path


def _entry_problem(entry: _Entry, index: ContentIndex) -> tuple[str, str] | None:
    """What is wrong with one entry, and the fix; None when it is good."""
    data = entry.data
    if not isinstance(data, dict):
        return "is not an object", _FIX
    path, query, to, content = data.get("path"), data.get("query", {}), data.get("to"), data.get("content", "")
    if not isinstance(path, str) or not path.startswith("/"):
        return "has no `path` on this site (a decoded path such as /2022/09/14/x/)", _FIX
    if _UNSAFE.search(path):
        return (
            f"has a path {path!r} with characters a redirect rule cannot hold (quotes, \\, ;, {{}}, $, |, spaces)",
            _FIX,
        )
    if not isinstance(query, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in query.items()):
        return "has a `query` that is not an object of parameter names and values", _FIX
    bad = [f"{key}={value}" for key, value in query.items() if not _VALUE.match(key) or not _VALUE.match(value)]
    if bad:
        return f"requires {', '.join(bad)}: only letters, digits, _, . and - can be matched", _FIX
    if _shape_of(query) not in SHAPES:
        shapes = ", ".join("+".join(shape) or "none" for shape in SHAPES)
        return (
            f"requires the parameters {'+'.join(sorted(query))}, which the server does not match",
            f"the web server matches these combinations: {shapes}; correct the entry or remove it (a new"
            " combination needs a map in deploy/nginx.conf and sitebuild/postprocess)",
        )
    key = map_key(path, tuple(sorted(query.items())))
    if len(key.encode()) > MAX_KEY_BYTES:
        return (
            f"is {len(key.encode())} bytes long, more than the {MAX_KEY_BYTES} the web server's maps hold",
            f"shorten it, or raise map_hash_bucket_size in deploy/nginx.conf and MAX_KEY_BYTES in {__name__}",
        )
    if not isinstance(to, str) or not to.startswith("/") or _UNSAFE.search(to):
        return "has no `to` on this site (a site path such as /fi/meista/)", _FIX
    if not isinstance(content, str):
        return "has a `content` that is not a file name", _FIX
    if content.endswith(".md"):
        doc = index.docs_by_path.get((index.content_dir / content).resolve())
        if doc is None:
            return (
                f"leads to content/{content}, which does not exist",
                f"write the file now published at {to} as `content` (e.g. articles/2022-09-14-x.fi.md), or remove"
                " the entry",
            )
        if doc_url(doc, index) is None:
            return f"leads to content/{content}, whose address cannot be known (no Slug, Lang or Date)", _FIX
    elif content:
        rel = PurePosixPath(content).as_posix()
        if rel.split("/")[0] not in static_folders(index.settings) or not (index.content_dir / rel).is_file():
            return (
                f"leads to content/{content}, which is not a file in content/images/",
                "put the file back in content/images/, or correct `content` to its new name",
            )
    elif normalise_path(to) not in index.generated and normalise_path(to) not in index.live:
        return (
            f"leads to {to}, which this site does not write",
            "correct `to` to an address the site writes (a feed, a category page), or name the item in `content`",
        )
    if not query and normalise_path(path) in {**index.live, **index.generated}:
        return f"is the address of a page of this site ({path}): a redirect there would hide it", "remove the entry"
    return None


def check_old_addresses(index: ContentIndex) -> Iterator[Problem]:
    """Every entry of content/redirects/wordpress.json readable, leading to content that exists, claimed once."""
    found = _read(index)
    if found is None:
        return
    if isinstance(found, Problem):
        yield found
        return
    path, entries = found
    claimed: dict[tuple[str, tuple], _Entry] = {}
    aliases = {}
    for doc in index.docs:
        for written in written_aliases(doc):
            parts = urlsplit(written)
            lang = parts.query.removeprefix("lang=") if parts.query.startswith("lang=") else ""
            aliases[_claim(parts.path, (("lang", lang),) if lang else ())] = doc
    for entry in entries:
        problem = _entry_problem(entry, index)
        if problem:
            yield Problem(path, entry.line, f"{entry.shown} {problem[0]}", problem[1])
            continue
        claim = _claim(entry.data["path"], tuple(sorted(entry.data.get("query", {}).items())))
        earlier = claimed.setdefault(claim, entry)
        if earlier is not entry:
            yield Problem(
                path, entry.line, f"{entry.shown} is the same address as {earlier.shown}", "keep one of the two"
            )
        elif claim in aliases:
            yield Problem(
                path,
                entry.line,
                f"{entry.shown} is also an alias of {display_path(aliases[claim].path)}",
                "remove the entry (the item's Aliases: redirects it)",
            )


def _claim(path: str, query: tuple) -> tuple[str, tuple]:
    """What the web server tells apart: a path with or without its trailing slash is one address."""
    return unquote(path).rstrip("/") or "/", query


def old_addresses(index: ContentIndex, siteurl: str) -> list[OldAddress]:
    """The entries of content/redirects/wordpress.json the site redirects at the index's "now", each with the site
    path its content is published at under `siteurl` (an item's address as the content says it now; an image or
    document's path in the content folder, `media`, which the build resolves to the published file).

    Raises ContentError naming the file, the entry and the fix when `invoke check` would refuse an entry.
    """
    problems = list(check_old_addresses(index))
    if problems:
        listing = "\n".join(problem.render(Path.cwd()) for problem in problems)
        raise ContentError(f"{len(problems)} problem(s) with old addresses; no redirects were written:\n{listing}")
    found = _read(index)
    if found is None:
        return []
    path, entries = found
    root = urlsplit(siteurl or "").path.rstrip("/") + "/"
    result = []
    for entry in entries:
        data = entry.data
        content, query = data.get("content", ""), tuple(sorted(data.get("query", {}).items()))
        source = f"{display_path(path)}:{entry.line}" if entry.line else display_path(path)
        if content.endswith(".md"):
            doc = index.docs_by_path[(index.content_dir / content).resolve()]
            url = doc_url(doc, index)
            if index.live.get(url) is not doc:
                continue  # a draft or an item dated later: nothing to redirect to yet
            result.append(OldAddress(data["path"], query, root + url, source))
        elif content:
            rel = PurePosixPath(content).as_posix()
            result.append(OldAddress(data["path"], query, root + rel, source, media=rel))
        else:
            result.append(OldAddress(data["path"], query, data["to"], source))
    return sorted(result, key=lambda old: (old.path, old.query))
