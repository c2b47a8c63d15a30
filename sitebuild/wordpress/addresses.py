"""Old addresses of the WordPress site: how they are compared (path, and only the query parameters WordPress
acted on), and the redirects data file that lists every one that is not an item's `Aliases:`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlsplit

# The query parameters that chose what WordPress showed; any other (utm_*, fbclid, ...) changed nothing.
MEANINGFUL = ("p", "page_id", "attachment_id", "lang", "cat", "feed")
_UNSAFE_ALIAS = set('"\\;{}$ \t\n')


@dataclass(frozen=True, order=True)
class Address:
    """An old address: its decoded path ("/2022/09/15/möte/") and its meaningful parameters, sorted."""

    path: str
    params: tuple[tuple[str, str], ...] = ()

    def shown(self) -> str:
        query = "&".join(f"{key}={value}" for key, value in self.params)
        return self.path + (f"?{query}" if query else "")

    @property
    def lang(self) -> str:
        return dict(self.params).get("lang", "")

    def without(self, *keys: str) -> Address:
        return Address(self.path, tuple((k, v) for k, v in self.params if k not in keys))

    def key(self) -> Address:
        """How it is looked up: case and a trailing slash do not matter (WordPress answered both)."""
        path = self.path.lower().rstrip("/") or "/"
        return Address(path, self.params)

    def alias(self) -> str | None:
        """As an `Aliases:` entry (`/projekti/?lang=fi`), or None when the production build could not take it."""
        if any(key != "lang" for key, _ in self.params) or _UNSAFE_ALIAS & set(self.path):
            return None
        path = quote(self.path, safe="/")
        return f"{path}?lang={self.lang}" if self.lang else path


def address(path: str, **params: str) -> Address:
    return Address(_normal_path(path), tuple(sorted((k, str(v)) for k, v in params.items() if v)))


def _normal_path(path: str) -> str:
    path = "/" + unquote(path).lstrip("/")
    last = path.rsplit("/", 1)[-1]
    if last and "." not in last:
        path += "/"
    return path


def parse(url: str, hosts: set[str]) -> Address | None:
    """The old address `url` names (absolute on the old host, or root-relative), or None for another website."""
    parts = urlsplit(url.strip())
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if host and host not in hosts:
        return None
    if not host and not parts.path.startswith("/") and not (parts.query and not parts.path):
        return None
    params = {key.lower(): value for key, value in parse_qsl(parts.query) if key.lower() in MEANINGFUL}
    return address(parts.path or "/", **params)


@dataclass(frozen=True)
class Redirect:
    """One old address and where it leads now."""

    source: Address
    to: str  # the site path at import time ("/fi/2022/09/15/x/", "/images/x.jpg")
    content: str  # the file in the content folder that is published there ("articles/x.fi.md"), or ""
    why: str

    def as_dict(self) -> dict:
        return {
            "from": self.source.shown(),
            "path": self.source.path,
            "query": dict(self.source.params),
            "to": self.to,
            "content": self.content,
            "why": self.why,
        }


def redirects_text(redirects: list[Redirect], site_url: str) -> str:
    data = {
        "about": "Old addresses of the WordPress site that are not an item's Aliases:, written by"
        " `invoke import-wordpress` (see docs/migration.md). Each entry: `path` (decoded, as nginx's $uri) and"
        " `query` (the parameters that must be present; any other parameter is ignored) lead to `to`, the site"
        " path at import time; `content` names the file published there (an article, page or image), so a"
        " build can follow a changed slug and leave out items that are drafts or dated later. The entry with"
        " the most matching parameters wins.",
        "format": 1,
        "site": site_url,
        "redirects": [redirect.as_dict() for redirect in sorted(redirects, key=lambda r: r.source)],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
