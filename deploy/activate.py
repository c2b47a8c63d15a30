"""Make an uploaded release live: python3 activate.py ROOT RELEASE (run by `invoke publish`, here or on the host).

Expects `ROOT/releases/.RELEASE.partial/` (the complete upload) and `ROOT/releases/RELEASE.assets` (its
fingerprinted files, one path a line). Then, in this order:

1. copies the live release's own fingerprinted files into the new one where missing, so pages cached
   from the live release still find their stylesheet and fonts for one more release;
2. renames the upload to `ROOT/releases/RELEASE/`;
3. points `ROOT/current` at it by renaming a new symlink over the old one (atomic: a request sees the
   old release or the new one, never a mix or nothing);
4. removes every release but the new one and the one before it (kept for its assets and a rollback).

Standard library only: the host needs nothing but python3.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def _live_release(root: Path) -> str | None:
    current = root / "current"
    if not current.is_symlink():
        if current.exists():
            raise SystemExit(f"{current} exists but is not a symlink: move it away, then publish again")
        return None
    return Path(os.readlink(current)).name


def _inherit_assets(releases: Path, previous: str, staged: Path) -> int:
    manifest = releases / f"{previous}.assets"
    if not manifest.is_file():
        return 0
    count = 0
    for line in manifest.read_text(encoding="utf-8").splitlines():
        relative = Path(line)
        if not line or relative.is_absolute() or ".." in relative.parts:
            continue
        source, target = releases / previous / relative, staged / relative
        if source.is_file() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            count += 1
    return count


def _switch(root: Path, release: str) -> None:
    link = root / f".current.{os.getpid()}"
    if link.is_symlink():
        link.unlink()
    link.symlink_to(Path("releases") / release)
    os.replace(link, root / "current")


def _prune(releases: Path, keep: set[str]) -> list[str]:
    removed = []
    for entry in sorted(releases.iterdir()):
        name = entry.name.removesuffix(".assets") if entry.is_file() else entry.name
        if name.startswith(".") or name in keep:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
        removed.append(entry.name)
    return removed


def activate(root: Path, release: str) -> None:
    releases = root / "releases"
    staged, final = releases / f".{release}.partial", releases / release
    if not staged.is_dir():
        raise SystemExit(f"{staged} is missing: upload the release there first")
    if final.exists():
        raise SystemExit(f"{final} already exists: a release name is used once")
    previous = _live_release(root)
    inherited = _inherit_assets(releases, previous, staged) if previous else 0
    staged.rename(final)
    _switch(root, release)
    kept = {release, previous} if previous else {release}
    removed = _prune(releases, kept)
    print(
        f"{root}/current → releases/{release}"
        f" ({inherited} assets kept from {previous or 'no previous release'}; removed: {', '.join(removed) or 'nothing'})"
    )


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: python3 activate.py ROOT RELEASE")
    activate(Path(sys.argv[1]), sys.argv[2])
