"""Publishing: the gates a build must pass, then an atomic deploy into releases/ beside the live site.

A release is uploaded to `releases/.ID.partial/`, then deploy/activate.py (run here or on the host) makes it live.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import FILE_MODE, FOLDER_MODE, PUBLISHCONF, ROOT, BuildError
from .build import run_build
from .now import resolve_now, source_date_epoch

ACTIVATE = ROOT / "deploy" / "activate.py"
# deploy/activate.py's exit status when --check-config refused the release.
CONFIG_REFUSED = 3
# user@host:path (a colon before any slash) is a remote target, as for rsync and scp.
REMOTE_TARGET = re.compile(r"^(?P<host>[^/:]+):(?P<path>.+)$")


def publish_gates(site: Path, now: str | None = None) -> list[str]:
    """The commands that must pass on a build before it is deployed: the content check and the quality gates."""
    invoke = f"{sys.executable} -m invoke --search-root {ROOT}"
    check = f"{invoke} check" + (f" --now {shlex.quote(now)}" if now else "")
    return [check, f"{invoke} verify --site-dir {shlex.quote(str(site))}"]


def release_id() -> str:
    """A new release's name: the UTC time of the deploy, and the commit when there is one."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short=10", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return f"{stamp}-{commit}" if commit else stamp


def asset_manifest(site: Path) -> str:
    """The release's fingerprinted files, one site path a line: the next release keeps them reachable."""
    from sitebuild.postprocess.fingerprint import is_fingerprinted

    paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and is_fingerprinted(p.name))
    return "".join(f"{path}\n" for path in paths)


def _activate_arguments(check_config: str) -> list[str]:
    return ["--check-config", check_config] if check_config else []


def deploy_local(site: Path, root: Path, release: str, check_config: str = "") -> None:
    """Copy the release beside the live one in `root`, then make it live with deploy/activate.py (which first runs
    `check_config`, if given, against it: see deploy/activate.py)."""
    releases = root.resolve() / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    partial = releases / f".{release}.partial"
    shutil.copytree(site, partial)
    # Readable by the web server's own user, whatever the build's modes were (rsync --chmod does it remotely).
    for path in [partial, *partial.rglob("*")]:
        path.chmod(FOLDER_MODE if path.is_dir() else FILE_MODE)
    (releases / f"{release}.assets").write_text(asset_manifest(site), encoding="utf-8")
    subprocess.run(
        [sys.executable, str(ACTIVATE), str(root.resolve()), release, *_activate_arguments(check_config)], check=True
    )


def deploy_remote(site: Path, host: str, path: str, release: str, check_config: str = "") -> None:
    """The same over ssh: rsync the release beside the live one, then run deploy/activate.py on the host."""
    ssh = ["ssh", "-o", "BatchMode=yes", host]
    releases = f"{path.rstrip('/')}/releases"
    subprocess.run([*ssh, f"mkdir -p {shlex.quote(releases)}"], check=True)
    # Files unchanged since the live release become hard links to it: only changes travel, and an unchanged
    # file keeps the time (Last-Modified, ETag) it was first published with. Compared by content, not by
    # size and time: every commit gives every file a new mtime (its own date), so times are not copied
    # (a file differing in time only would be copied, not linked). Modes readable by the web server's user.
    upload = [
        "rsync",
        "-a",
        "--no-times",
        "--checksum",
        f"--chmod=D{FOLDER_MODE:o},F{FILE_MODE:o}",
        "--delete",
        "--link-dest=../../current/",
    ]
    subprocess.run([*upload, f"{site}/", f"{host}:{releases}/.{release}.partial/"], check=True)
    manifest = shlex.quote(f"{releases}/{release}.assets")
    subprocess.run([*ssh, f"cat > {manifest}"], input=asset_manifest(site), text=True, check=True)
    activate = shlex.join(["python3", "-", path, release, *_activate_arguments(check_config)])
    subprocess.run([*ssh, activate], input=ACTIVATE.read_text(encoding="utf-8"), text=True, check=True)


class PublishError(Exception):
    """Publishing stopped; the message says at which step and whether the live site changed."""


@dataclass(frozen=True)
class Published:
    """A release that went live, and what the owner should know about it (notes never stop a publish)."""

    release: str
    now: str
    notes: list[str]


def publish_notes(now: str, epoch: str, config: dict) -> list[str]:
    """What a publish at `now` (local to the site's TIMEZONE unless it has an offset) of the source changed
    at `epoch` should tell the owner: security.txt's expiry, every owner fact not yet confirmed, and every PDF
    without a title, language or tags (public bodies publish accessible documents, or an accessible alternative)."""
    from plugins.content_settings.owner_facts import unset_owner_facts
    from plugins.schedule import build_now
    from sitebuild.media import document_notes
    from sitebuild.postprocess.host_files import security_txt_note

    moment = build_now({"BUILD_NOW": now, "TIMEZONE": config.get("TIMEZONE")})
    expiry = security_txt_note(int(epoch), moment)
    return [*([expiry] if expiry else []), *unset_owner_facts(config), *document_notes(config)]


def publish(target: str, reload: str = "", now: str | None = None, check_config: str = "") -> Published:
    """Build with publishconf.py, run the gates on that build, deploy it atomically.

    Nothing is deployed unless every gate passes; every failure says whether the live site changed.
    """
    unchanged = f"nothing was deployed, {target} serves what it served before"
    remote = REMOTE_TARGET.match(target)
    with tempfile.TemporaryDirectory(prefix="batteryregion-publish-") as tmp:
        site = Path(tmp) / "site"
        try:
            # One "now" for the build and the `check` gate: the same content passes both or neither.
            epoch = source_date_epoch()
            now = resolve_now(PUBLISHCONF, now, epoch)
            run_build(output=site, settings=PUBLISHCONF, now=now)
        except BuildError as error:
            raise PublishError(f"{error}\nNothing was deployed.") from None
        for gate in publish_gates(site, now):
            print(f"Running: {gate}")
            if subprocess.run(gate, shell=True, check=False).returncode != 0:
                raise PublishError(f"`{gate}` failed: {unchanged}.")
        release = release_id()
        try:
            if remote:
                deploy_remote(site, remote["host"], remote["path"], release, check_config)
            else:
                deploy_local(site, Path(target), release, check_config)
        except subprocess.CalledProcessError as error:
            if error.returncode == CONFIG_REFUSED:
                raise PublishError(
                    f"`{check_config}` refused release {release} (its output is above): the switch did not happen,"
                    f" {target} serves what it served before. Fix the configuration or the release's _nginx/ files,"
                    " then publish again."
                ) from None
            raise PublishError(
                f"deploying release {release} failed ({error}): the switch to a new release is one atomic step,"
                f" so {target} serves either the release it served before or {release}, never a mix;"
                " publish again to finish (the next publish removes what this one left)."
            ) from None
        except OSError as error:
            raise PublishError(
                f"deploying release {release} failed ({error}): the switch to a new release is one atomic step,"
                f" so {target} serves either the release it served before or {release}, never a mix;"
                " publish again to finish (the next publish removes what this one left)."
            ) from None
    if reload:
        # On the host for user@host:path: the command runs where the server is.
        command = ["ssh", "-o", "BatchMode=yes", remote["host"], reload] if remote else ["sh", "-c", reload]
        result = subprocess.run(command, check=False)
        if result.returncode != 0:
            raise PublishError(
                f"release {release} is live at {target}, but `{reload}` failed (exit {result.returncode}):"
                " the web server still uses the legacy redirects of the previous release until it is reloaded."
            )
    from pelican.settings import read_settings

    return Published(release, now, publish_notes(now, epoch, read_settings(str(PUBLISHCONF))))
