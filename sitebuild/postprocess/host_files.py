"""What the host needs beside the pages: headers, redirects, the security contact.

Writes `/.well-known/security.txt` (RFC 9116), `_headers` and `_redirects` for Netlify-style hosts,
and the entries of the `map`s that deploy/nginx.conf includes: `_nginx/legacy-redirects.map` (old addresses, each
language's old front page `/?lang=<code>` among them), `_nginx/search-pages.map` (each language's search page, for
the old `/?s=term` and `/search/term/`) and `_nginx/not-found.map` (the 404 page of each language's folder), so
that the server's per-language rules come from LANGUAGES with the release.
Legacy redirects are the aliases and the old addresses plugins/content_check validates (`Aliases:` in the content,
old WordPress addresses such as `/projekti/?lang=fi`; content/redirects/wordpress.json: `?p=ID`, uploads, feeds);
the headers are the ones deploy/nginx.conf sends (tests compare them).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from plugins.content_check.aliases import Alias
from plugins.content_check.old_addresses import SHAPES, OldAddress, map_key

from .fingerprint import is_fingerprinted

# One policy for every host. Scripts and styles come from the site itself only; Pagefind's search
# compiles WebAssembly, which needs 'wasm-unsafe-eval' (and no 'unsafe-eval' or 'unsafe-inline').
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "upgrade-insecure-requests",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    # No includeSubDomains or preload: other hosts under batteryregion.eu are not this site's to decide.
    "Strict-Transport-Security": "max-age=31536000",
    "X-Content-Type-Options": "nosniff",
    # Visitors following a link away from the site take no trace of it with them.
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()",
}
IMMUTABLE = "public, max-age=31536000, immutable"
# Pages and every file without a hash in its name: a release reaches everyone within five minutes.
SHORT = "public, max-age=300"
CALENDAR_TYPE = "text/calendar; charset=utf-8"
SECURITY_TXT = ".well-known/security.txt"
NGINX_MAP = "_nginx/legacy-redirects.map"
NGINX_NOT_FOUND_MAP = "_nginx/not-found.map"
NGINX_SEARCH_MAP = "_nginx/search-pages.map"
# The query parameter the search page (themes/batteryregion/static/js/search.js) starts a search with.
SEARCH_QUERY = "q"
# RFC 9116 recommends less than a year.
SECURITY_TXT_LIFETIME = timedelta(days=365)
# How long before the expiry a publish starts to say so.
SECURITY_TXT_WARNING = timedelta(days=30)
# Pagefind's index files are named by their content (a changed index gets new names), so they may be
# kept as long as the theme's fingerprinted files; its entry files (pagefind.js, pagefind-entry.json) are not.
# A large site's parts (sitebuild/search.py) are bundles of their own inside it, named by language and number.
PAGEFIND_CONTENT_NAMED = re.compile(
    r"^/pagefind/(?:[A-Za-z0-9-]+-[0-9]+/)?(?:fragment/[A-Za-z0-9-]+_[0-9a-f]{7,}\.pf_fragment|index/[A-Za-z0-9-]+_[0-9a-f]{7,}\.pf_index"
    r"|pagefind\.[A-Za-z0-9-]+_[0-9a-f]{7,}\.pf_meta)$"
)


class HostingError(Exception):
    """The production output cannot be made as asked; the message says what and how to fix it."""


def _variants(alias: Alias | OldAddress) -> list[str]:
    """The path, and the same without its trailing slash (WordPress answered both)."""
    path = unquote(alias.path)
    return [path, path.rstrip("/")] if path.endswith("/") and path != "/" else [path]


def _query(alias: Alias | OldAddress) -> tuple[tuple[str, str], ...]:
    return alias.query if isinstance(alias, OldAddress) else ((("lang", alias.lang),) if alias.lang else ())


def by_precedence(redirects: list[Alias | OldAddress]) -> list[Alias | OldAddress]:
    """Old addresses, the most parameters first (the one that says most wins), each shape in SHAPES order."""
    return sorted(redirects, key=lambda redirect: SHAPES.index(tuple(key for key, _ in _query(redirect))))


def search_pages(settings: dict) -> dict[str, str]:
    """Each language's search page (LANGUAGES "pages" "search"), as a site path."""
    root = urlsplit(settings.get("SITEURL") or "").path.rstrip("/") + "/"
    default = settings["DEFAULT_LANG"]
    pages = {}
    for lang, language in settings["LANGUAGES"].items():
        search = (language.get("pages") or {}).get("search")
        if search:
            pages[lang] = root + ("" if lang == default else f"{lang}/") + search
    return pages


def published_file(rel: str, output: Path, media: dict) -> str | None:
    """Where the build published the image or document `rel` of the content folder ("images/x.jpg"), or None when
    it did not: the file itself (a document), else the media step's largest WebP (an SVG as it is)."""
    if (output / rel).is_file():
        return "/" + rel
    entry = (media.get("images") or {}).get(rel)
    if not entry:
        return None
    largest = entry.get("svg") or (entry["webp"][-1][1] if entry.get("webp") else None)
    return "/" + largest if largest and (output / largest).is_file() else None


def security_txt_expires(source_epoch: int) -> datetime:
    """When security.txt expires: a year after the source last changed, not a year after the build."""
    return datetime.fromtimestamp(source_epoch, UTC) + SECURITY_TXT_LIFETIME


def security_txt_note(source_epoch: int, now: datetime) -> str | None:
    """What a publish at `now` should tell the owner about security.txt: expired, expiring soon, or nothing.

    An expired file is still published as it is: it then says, truthfully, that nobody has confirmed the
    contact for a year. Publishing goes on (the nightly run must not stop); the owner renews it by committing.
    """
    expires = security_txt_expires(source_epoch)
    renew = "confirm that its contact (SECURITY_CONTACT) still answers, then commit any change to renew it"
    if now >= expires:
        return f"security.txt expired on {expires:%Y-%m-%d} (a year after the last commit): {renew}."
    if now >= expires - SECURITY_TXT_WARNING:
        return f"security.txt expires on {expires:%Y-%m-%d} (a year after the last commit): {renew}."
    return None


def preferred_languages(settings: dict) -> list[str]:
    """security.txt's Preferred-Languages: the site's languages (LANGUAGES) in their order, then
    SECURITY_EXTRA_LANGUAGES that are not among them."""
    return list(dict.fromkeys([*settings["LANGUAGES"], *settings.get("SECURITY_EXTRA_LANGUAGES", ())]))


def security_txt(contact: str, languages: list[str], siteurl: str, source_epoch: int) -> str:
    """RFC 9116 security.txt; it expires a year after the source last changed, not a year after the build."""
    expires = security_txt_expires(source_epoch)
    return "\n".join(
        (
            "# Battery Region was an Interreg Nord project; the project has ended.",
            "# The contact is at Region Västerbotten, which provides the site.",
            "# Expires is one year after the website's source last changed: when nobody has looked",
            "# after the site for a year, this file says so by expiring.",
            f"Contact: {contact}",
            f"Expires: {expires:%Y-%m-%dT%H:%M:%SZ}",
            f"Preferred-Languages: {', '.join(languages)}",
            f"Canonical: {siteurl.rstrip('/')}/{SECURITY_TXT}",
            "",
        )
    )


def is_immutable(site_path: str) -> bool:
    """Whether a file's name changes whenever its content does: a fingerprinted asset, or Pagefind's index."""
    name = site_path.rpartition("/")[2]
    if name.endswith((".gz", ".br")):
        return False  # served under the name of the file they compress
    return is_fingerprinted(name) or PAGEFIND_CONTENT_NAMED.match(site_path) is not None


def netlify_headers(output: Path) -> str:
    """`_headers`: security headers everywhere, immutable caching for each file named by its content."""
    lines = ["/*", *(f"  {name}: {value}" for name, value in SECURITY_HEADERS.items())]
    for path in sorted(output.rglob("*")):
        site_path = "/" + path.relative_to(output).as_posix()
        if path.is_file() and is_immutable(site_path):
            lines += [site_path, f"  Cache-Control: {IMMUTABLE}"]
        elif path.is_file() and path.suffix == ".ics":
            lines += [site_path, f"  Content-Type: {CALENDAR_TYPE}"]
    return "\n".join(lines) + "\n"


def netlify_redirects(
    aliases: list[Alias],
    not_found: dict[str, str],
    old: list[OldAddress] = (),
    search: dict[str, str] | None = None,
    default_lang: str = "",
) -> str:
    """`_redirects`: the old search (`/?s=term`, `/search/term/`), then legacy addresses, the most parameters first
    (the first rule that matches wins; query rules forced: `/` exists), then each language's 404 page."""
    lines = ["# Generated by sitebuild/postprocess from the Aliases: metadata and content/redirects/ of the content."]
    for lang, page in sorted((search or {}).items(), key=lambda item: item[0] == default_lang):
        lang_query = "" if lang == default_lang else f"  lang={lang}"
        lines.append(f"/  s=:term{lang_query}  {page}?{SEARCH_QUERY}=:term  301!")
        for path in ("/search/:term", "/search/:term/page/:number"):
            lines.append(f"{path}{lang_query}  {page}?{SEARCH_QUERY}=:term  301!")
    for alias in by_precedence([*old, *aliases]):
        query = "".join(f"  {key}={value}" for key, value in _query(alias))
        lines.append(f"{quote(unquote(alias.path), safe='/')}{query}  {alias.target}  301!")
    for prefix, page in sorted(not_found.items(), key=lambda item: -len(item[0])):
        if prefix != "/":
            lines.append(f"{prefix}*  {page}  404")
    return "\n".join(lines) + "\n"


def nginx_map(aliases: list[Alias], old: list[OldAddress] = ()) -> str:
    """Entries of deploy/nginx.conf's old-address maps, one map per combination of parameters (SHAPES), each
    including this file: "/path" (any query), "fi:/path" (`?lang=fi`), "p=11 /" (`?p=11`), "lang=fi&p=11 /"."""
    lines = ["# Generated by sitebuild/postprocess from the Aliases: metadata and content/redirects/ of the content."]
    written = set()
    for alias in by_precedence([*old, *aliases]):
        for path in _variants(alias):
            key = map_key(path, _query(alias))
            if key not in written:
                written.add(key)
                lines.append(f'"{key}" {alias.target};')
    return "\n".join(lines) + "\n"


def nginx_search_map(pages: dict[str, str], default_lang: str) -> str:
    """Entries of deploy/nginx.conf's `map $arg_lang $br_search_page`: the old `/?s=term&lang=fi` → its language's
    search page (the main language's for any other)."""
    lines = ["# Generated by sitebuild/postprocess from LANGUAGES: each language's search page."]
    if default_lang in pages:
        lines.append(f"default {pages[default_lang]};")
    lines += [f'"{lang}" {page};' for lang, page in sorted(pages.items()) if lang != default_lang]
    return "\n".join(lines) + "\n"


def nginx_not_found_map(not_found: dict[str, str]) -> str:
    """Entries of deploy/nginx.conf's `map $uri $br_not_found`: a miss under a language's folder gets its 404 page
    (the main site's, the map's default, answers every other miss)."""
    lines = ["# Generated by sitebuild/postprocess from LANGUAGES: each language's folder, its 404 page."]
    for prefix, page in sorted(not_found.items()):
        if prefix != "/":
            lines.append(f'"~^{prefix}" {page};')
    return "\n".join(lines) + "\n"


def not_found_pages(output: Path, languages: list[str]) -> dict[str, str]:
    """Each site's 404 page that exists: path prefix ("/", "/fi/") → page."""
    pages = {}
    for prefix in ("", *(f"{lang}/" for lang in languages)):
        if (output / prefix / "404.html").is_file():
            pages[f"/{prefix}"] = f"/{prefix}404.html"
    return pages
