"""Nothing changed, nothing to redo: the build's inputs as one digest, and the record of the last build.

A build writes, beside its output folder, what it was made from (the digest of every input) and what it wrote
(the name, size and time of every file). The next build with the same inputs, over an output nobody touched since,
has nothing to do. The inputs are everything the output depends on: the content, the settings as read (LANGUAGES,
the "now", production or not), the theme and its catalogs, the plugins and this build package, the settings files
and the pinned requirements. Anything else changed, or the record or the output changed or missing: a full build.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat as stat_module
import sys
from pathlib import Path

from . import PELICANCONF, PLUGINS, ROOT
from .catalogs import catalog_folder, settings_sources

# Written by the build itself (compiled catalogs) or by Python: not inputs.
_NOT_INPUT_SUFFIXES = (".mo", ".pyc")
_PINNED = (ROOT / "requirements.txt", ROOT / "package-lock.json")


def record_path(output: Path) -> Path:
    """Where the record of the last build of `output` is kept: beside it, like the build's staging folders."""
    return output.with_name(f".{output.name}.build.json")


def _plain(value: object) -> object:
    """Settings values JSON cannot hold, as text that does not change between runs (no object addresses)."""
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if isinstance(value, Path):
        return str(value)
    cls = type(value)
    return f"<{cls.__module__}.{cls.__qualname__}>"


def _walk(folder: Path) -> list[tuple[str, os.stat_result]]:
    """Every entry under `folder` as (path from there, its lstat), in path order (os.walk: pathlib's rglob is
    several times slower on the tens of thousands of files of a large site)."""
    found = []
    for top, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if name != "__pycache__"]
        relative = os.path.relpath(top, folder)
        for name in folders + files:
            path = os.path.join(top, name)
            found.append((os.path.normpath(os.path.join(relative, name)), os.lstat(path)))
    return sorted(found)


def _add_tree(digest, path: Path) -> None:
    if path.is_file():
        files = [(path.name, path)]
    elif path.is_dir():
        files = [
            (name, path / name)
            for name, stat in _walk(path)
            if stat_module.S_ISREG(stat.st_mode) and not name.endswith(_NOT_INPUT_SUFFIXES)
        ]
    else:
        files = []
    digest.update(f"\0tree {path} {len(files)}\0".encode())
    for name, found in files:
        data = found.read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)


def inputs_digest(config: dict, settings: Path, now: str, epoch: str | None) -> str:
    """One digest of everything the build reads."""
    digest = hashlib.sha256()
    settings_as_read = {key: value for key, value in config.items() if key not in ("OUTPUT_PATH",)}
    digest.update(json.dumps(settings_as_read, sort_keys=True, default=_plain).encode())
    digest.update(f"\0now {now}\0epoch {epoch}\0python {sys.version}\0".encode())
    sources = [Path(settings), PELICANCONF, *settings_sources(config), *_PINNED]
    folders = [Path(config["PATH"]), Path(config["THEME"]), catalog_folder(config), PLUGINS, Path(__file__).parent]
    for path in dict.fromkeys(path.resolve() for path in [*sources, *folders]):
        _add_tree(digest, path)
    return digest.hexdigest()


def output_listing(output: Path) -> str:
    """What is in `output` now: every file's path, size and modification time (a digest of them)."""
    digest = hashlib.sha256()
    for name, stat in _walk(output):
        digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_mode}\0".encode())
    return digest.hexdigest()


def unchanged_counts(output: Path, inputs: str) -> dict[str, int] | None:
    """The pages of the last build of `output` if it was made from `inputs` and is still as it was written."""
    try:
        record = json.loads(record_path(output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("inputs") != inputs or not output.is_dir() or record.get("output") != output_listing(output):
        return None
    return record.get("pages")


def remember(output: Path, inputs: str, pages: dict[str, int]) -> None:
    """Record what `output` was built from, after the build put it in place."""
    record = {"inputs": inputs, "output": output_listing(output), "pages": pages}
    record_path(output).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def forget(output: Path) -> None:
    """A build of `output` started: the record no longer says what is there."""
    record_path(output).unlink(missing_ok=True)
