"""Make an uploaded release live: python3 activate.py ROOT RELEASE [--check-config COMMAND] (run by `invoke
publish`, here or on the host).

Expects `ROOT/releases/.RELEASE.partial/` (the complete upload) and `ROOT/releases/RELEASE.assets` (its
fingerprinted files, one path a line). Then, holding `ROOT/.activate.lock` (two activations never interleave;
the kernel drops the lock when the process ends, however it ends), in this order:

1. copies the live release's own fingerprinted files into the new one where missing, so pages cached
   from the live release still find their stylesheet and fonts for one more release;
   with --check-config, points `ROOT/next` at the upload and runs COMMAND (e.g. `sudo -n /usr/sbin/nginx -t -q
   -c /etc/nginx/batteryregion-check.conf`, a configuration that reads the release's `_nginx/` maps through
   `next`: docs/hosting.md); if it fails, stops here, the live site unchanged (exit status 3);
2. renames the upload to `ROOT/releases/RELEASE/`;
3. points `ROOT/current` at it by renaming a new symlink over the old one (atomic: a request sees the
   old release or the new one, never a mix or nothing);
4. removes everything in `ROOT/releases/` but the new release and the one before it (kept for its assets and
   a rollback) and their `.assets`, and the `ROOT/.current.*` links of killed activations.

A publish killed at any moment leaves `current` at a complete release, the old one or the new one: steps 1 and 2
work on a folder nothing serves, and step 3 is one rename. What it leaves (an upload, a release never switched
to, an `.assets` list without its release, a temporary link, a half-removed folder) is removed by step 4 of the
next activation. A release is renamed to `.RELEASE.removing` before it is removed, so a folder in `releases/`
without a leading dot is always a complete release.

Standard library only: the host needs nothing but python3.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK = ".activate.lock"
# The release about to go live, for a configuration test before the switch (`current` is the live one).
NEXT = "next"
# The exit status when the configuration test refused the release (anything else: activation failed).
CONFIG_REFUSED = 3


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    """Hold ROOT/.activate.lock for the activation: a second one waits for the first to finish."""
    with open(root / LOCK, "a", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"{root}: waiting for another activation to finish", flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


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


def _point(root: Path, name: str, target: Path) -> None:
    """Point ROOT/name at `target` (relative to ROOT) by renaming a new symlink over the old one."""
    link = root / f".{name}.{os.getpid()}"
    if link.is_symlink():
        link.unlink()
    link.symlink_to(target)
    os.replace(link, root / name)


def _check_config(root: Path, staged: Path, command: str, previous: str | None) -> None:
    """Run the configuration test with ROOT/next pointing at the staged release; refuse the release if it fails."""
    _point(root, NEXT, staged.relative_to(root))
    try:
        result = subprocess.run(command, shell=True, capture_output=True, text=True, check=False)
    finally:
        (root / NEXT).unlink(missing_ok=True)
    if result.returncode != 0:
        live = f"current → releases/{previous}" if previous else "no release is live yet"
        print(
            f"{command!r} failed (exit {result.returncode}) on release {staged.name}:\n"
            f"{(result.stdout + result.stderr).strip()}\n"
            f"The release was not made live: the live site is unchanged ({live}); the next publish removes it.",
            file=sys.stderr,
            flush=True,
        )
        sys.exit(CONFIG_REFUSED)


def _remove(entry: Path) -> None:
    if entry.is_symlink() or not entry.is_dir():
        entry.unlink()
        return
    if not entry.name.startswith("."):
        # Out of sight in one rename first: killed halfway, it never leaves a broken folder that looks like a release.
        hidden = entry.with_name(f".{entry.name}.removing")
        if hidden.is_dir() and not hidden.is_symlink():
            shutil.rmtree(hidden)
        entry = entry.rename(hidden)
    shutil.rmtree(entry)


def _clean(root: Path, keep: set[str]) -> list[str]:
    """Remove all but the kept releases and their .assets from releases/, and every temporary link from root."""
    releases = root / "releases"
    kept = keep | {f"{name}.assets" for name in keep}
    # Under the lock no other activation runs: every .current.* link is a killed one's.
    doomed = [entry for entry in sorted(releases.iterdir()) if entry.name not in kept]
    doomed += [
        link for pattern in (".current.*", f".{NEXT}.*") for link in sorted(root.glob(pattern)) if link.is_symlink()
    ]
    for entry in doomed:
        _remove(entry)
    return [entry.name for entry in doomed]


def activate(root: Path, release: str, check_config: str = "") -> None:
    releases = root / "releases"
    staged, final = releases / f".{release}.partial", releases / release
    if not staged.is_dir():
        raise SystemExit(f"{staged} is missing: upload the release there first")
    with _locked(root):
        if not staged.is_dir():
            raise SystemExit(
                f"{staged} was removed while this activation waited for another one, which took it for what a"
                " killed publish left: publish to a target one at a time, then publish again"
            )
        if final.exists():
            raise SystemExit(f"{final} already exists: a release name is used once")
        previous = _live_release(root)
        inherited = _inherit_assets(releases, previous, staged) if previous else 0
        if check_config:
            _check_config(root, staged, check_config, previous)
        staged.rename(final)
        _switch(root, release)
        removed = _clean(root, {release, previous} if previous else {release})
    print(
        f"{root}/current → releases/{release}"
        f" ({inherited} assets kept from {previous or 'no previous release'}; removed: {', '.join(removed) or 'nothing'})"
    )


if __name__ == "__main__":
    arguments = sys.argv[1:]
    command = ""
    if len(arguments) == 4 and arguments[2] == "--check-config":
        command = arguments.pop(3)
        arguments.pop(2)
    if len(arguments) != 2:
        raise SystemExit("usage: python3 activate.py ROOT RELEASE [--check-config COMMAND]")
    activate(Path(arguments[0]), arguments[1], command)
