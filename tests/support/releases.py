"""Small fake builds and what a deploy target holds, for the tests of deploy_local, deploy_remote and activate.py."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path


def fake_site(folder: Path, css_hash: str) -> Path:
    """A build in miniature: a page, a file that is not fingerprinted, and one fingerprinted stylesheet (+ .gz)."""
    (folder / "theme" / "css").mkdir(parents=True)
    (folder / "theme" / "css" / f"main.{css_hash}.css").write_text(f"/* {css_hash} */", encoding="utf-8")
    (folder / "theme" / "css" / f"main.{css_hash}.css.gz").write_bytes(b"gz")
    (folder / "index.html").write_text(f"<link href=/theme/css/main.{css_hash}.css>", encoding="utf-8")
    (folder / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    return folder


def private_site(folder: Path, css_hash: str) -> Path:
    """A fake site as a build under a strict umask (077) leaves it: nothing readable by another user."""
    site = fake_site(folder, css_hash)
    for path in [site, *site.rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)
    return site


def unreadable_by_others(release: Path) -> list[str]:
    """What in a release is not as the web server (another user) needs it: folders 0755, files 0644."""
    return [
        f"{path.relative_to(release.parent)}: {stat.filemode(path.stat().st_mode)}"
        for path in [release, *release.rglob("*")]
        if stat.S_IMODE(path.stat().st_mode) != (0o755 if path.is_dir() else 0o644)
    ]


def tree(folder: Path) -> dict[str, str]:
    """Every folder and file under `folder`, with its mode and (files) the SHA-256 of its content."""
    entries = {}
    for path in sorted(folder.rglob("*")):
        mode = stat.filemode(path.lstat().st_mode)
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        entries[path.relative_to(folder).as_posix()] = f"{mode} {digest}".strip()
    return entries


def live_release(root: Path) -> str | None:
    """The release `root/current` points at, or None when nothing is live."""
    current = root / "current"
    return current.resolve().name if current.is_symlink() else None


def leftovers(root: Path) -> list[str]:
    """What a finished publish never leaves in `root`: hidden entries in releases/ and temporary links."""
    releases = root / "releases"
    hidden = [f"releases/{path.name}" for path in sorted(releases.iterdir()) if path.name.startswith(".")]
    orphans = [
        f"releases/{path.name}"
        for path in sorted(releases.glob("*.assets"))
        if not (releases / path.name.removesuffix(".assets")).is_dir()
    ]
    return hidden + orphans + [path.name for path in sorted(root.glob(".current.*"))]


# ssh for the tests: runs the "remote" command on this machine, whatever the host.
FAKE_SSH = """#!/bin/sh
while [ "$#" -gt 0 ]; do
  case "$1" in
    -o|-l|-p|-i) shift 2 ;;
    -*) shift ;;
    *) break ;;
  esac
done
shift
exec sh -c "$*"
"""


def install_fake_ssh(bin_dir: Path, script: str = FAKE_SSH) -> None:
    """Put an `ssh` that runs its command here into `bin_dir` (the caller puts `bin_dir` first on PATH)."""
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "ssh").write_text(script, encoding="utf-8")
    (bin_dir / "ssh").chmod(0o755)
