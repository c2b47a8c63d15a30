"""Content hashes in the names of the theme's assets, and every reference to them rewritten.

`theme/css/main.css` becomes `theme/css/main.<hash>.css`: a changed file gets a new name, so the
host may tell browsers to keep assets forever (Cache-Control: immutable). A reference is rewritten
wherever it resolves to the asset, whatever form it takes (absolute, root-relative, relative such
as CSS `url(../fonts/x.woff2)`); only the file name in it changes.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

HASH_LENGTH = 10
# Assets that get a hashed name: what pages and stylesheets load.
ASSET_SUFFIXES = frozenset({".css", ".js", ".mjs", ".woff2", ".woff", ".svg", ".ico", ".png", ".jpg", ".webp"})
# Text files whose references to assets are rewritten.
REFERRING_SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".svg", ".xml", ".json", ".webmanifest"})
# A fingerprinted file, also precompressed beside it (`main.0123456789.css.gz`).
FINGERPRINTED = re.compile(rf"\.[0-9a-f]{{{HASH_LENGTH}}}\.[A-Za-z0-9]+(?:\.gz|\.br)?$")
# Characters that end a URL in HTML (also unquoted attribute values), CSS, JSON and XML.
_DELIMITERS = r"""\s"'()<>=,;`"""


class FingerprintError(Exception):
    """A reference to a theme asset could not be rewritten."""


def is_fingerprinted(path: str) -> bool:
    return FINGERPRINTED.search(path) is not None


def _hashed_name(name: str, content: bytes) -> str:
    stem, dot, suffix = name.rpartition(".")
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    return f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"


def _reference_pattern(names: set[str]) -> re.Pattern:
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(
        rf"(?<![^{_DELIMITERS}])(?P<url>[^{_DELIMITERS}]*?(?P<name>{alternatives}))(?=[{_DELIMITERS}?#&\\]|$)"
    )


def _rewrite(text: str, file_url: str, root: str, renamed: dict[str, str]) -> str:
    """`text` (of the file at `file_url`) with every reference to a renamed asset pointing at its new name."""
    if not renamed:
        return text
    names = {path.rpartition("/")[2] for path in renamed}

    def replace(match: re.Match) -> str:
        url, name = match.group("url"), match.group("name")
        resolved = urlsplit(urljoin(file_url, url))
        absolute = f"{resolved.scheme}://{resolved.netloc}{resolved.path}"
        if not absolute.startswith(root):
            return url
        new_path = renamed.get(absolute[len(root) :])
        if new_path is None:
            return url
        return url[: -len(name)] + new_path.rpartition("/")[2]

    return _reference_pattern(names).sub(replace, text)


def _references(text: str, file_url: str, root: str, assets: set[str]) -> set[str]:
    """The assets (site paths) that `text` refers to."""
    found: set[str] = set()
    names = {path.rpartition("/")[2] for path in assets}
    if not names:
        return found
    for match in _reference_pattern(names).finditer(text):
        resolved = urlsplit(urljoin(file_url, match.group("url")))
        absolute = f"{resolved.scheme}://{resolved.netloc}{resolved.path}"
        if absolute.startswith(root) and absolute[len(root) :] in assets:
            found.add(absolute[len(root) :])
    return found


def fingerprint(output: Path, static_dir: str, siteurl: str) -> dict[str, str]:
    """Rename the assets under `output/static_dir` to hashed names and rewrite every reference.

    Returns the renaming (site path → new site path). An asset that refers to others (a stylesheet
    naming its fonts) is hashed after its references are rewritten, so its hash covers them.
    """
    root = siteurl.rstrip("/") + "/"
    base = output / static_dir
    assets = {
        path.relative_to(output).as_posix(): path
        for path in sorted(base.rglob("*"))
        if path.is_file() and path.suffix in ASSET_SUFFIXES and not is_fingerprinted(path.name)
    }
    texts = {site_path: path.read_text(encoding="utf-8") for site_path, path in assets.items() if _is_text(path)}
    depends = {
        site_path: _references(text, root + site_path, root, set(assets)) - {site_path}
        for site_path, text in texts.items()
    }
    renamed: dict[str, str] = {}
    pending = sorted(assets)
    while pending:
        ready = [site_path for site_path in pending if depends.get(site_path, set()) <= renamed.keys()]
        if not ready:
            raise FingerprintError(f"assets refer to each other in a cycle: {', '.join(pending)} — break the cycle")
        for site_path in ready:
            path = assets[site_path]
            if site_path in texts:
                text = _rewrite(texts[site_path], root + site_path, root, renamed)
                content = text.encode("utf-8")
                path.write_bytes(content)
            else:
                content = path.read_bytes()
            new_name = _hashed_name(path.name, content)
            path.rename(path.with_name(new_name))
            renamed[site_path] = site_path.rpartition("/")[0] + "/" + new_name
        pending = [site_path for site_path in pending if site_path not in renamed]
    for path in sorted(output.rglob("*")):
        if (
            not path.is_file()
            or path.suffix not in REFERRING_SUFFIXES
            or path.relative_to(output).as_posix() in renamed.values()
        ):
            continue
        site_path = path.relative_to(output).as_posix()
        text = path.read_text(encoding="utf-8")
        rewritten = _rewrite(text, root + site_path, root, renamed)
        if rewritten != text:
            path.write_text(rewritten, encoding="utf-8")
        _check_no_stale_references(rewritten, path, renamed)
    return renamed


def _is_text(path: Path) -> bool:
    return path.suffix in REFERRING_SUFFIXES


def _check_no_stale_references(text: str, path: Path, renamed: dict[str, str]) -> None:
    """Fail on any reference to an old asset name left in a form the rewriting does not recognise."""
    for old in renamed:
        if f"/{old}" in text:
            raise FingerprintError(
                f"{path}: still refers to /{old}, which is now /{renamed[old]} — write the reference as a"
                " plain URL (not escaped or split) so the production build can rewrite it"
            )
