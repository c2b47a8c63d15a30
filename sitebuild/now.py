"""The one "now" of a build, and the time the source last changed (SOURCE_DATE_EPOCH)."""

from __future__ import annotations

import os
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from . import ROOT, BuildError


def resolve_now(settings: Path, now: str | None = None, epoch: str | None = None) -> str:
    """The moment a build is made for, worked out once: `now` if given; else `epoch` (a production
    build: SOURCE_DATE_EPOCH or the last commit's time, so a commit always gives the same site); else the clock.

    An ISO 8601 time; without an offset it is the local time of the site's TIMEZONE (as `--now` is written).
    """
    if now:
        return now
    from pelican.settings import read_settings

    zone = ZoneInfo(read_settings(str(settings)).get("TIMEZONE") or "UTC")
    moment = datetime.fromtimestamp(int(epoch), zone) if epoch else datetime.now(zone).replace(microsecond=0)
    return moment.isoformat()


def source_date_epoch(root: Path = ROOT) -> str:
    """When the source last changed, in Unix time: SOURCE_DATE_EPOCH if set, else the last commit's time."""
    # The reproducible-builds.org convention: a build outside git (from a tarball) sets it by hand.
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value:
        if not value.isdigit():
            raise BuildError(
                f"SOURCE_DATE_EPOCH is {value!r}: write the time the source last changed as a Unix time"
                " (seconds, e.g. `git log -1 --format=%ct`), or unset it to take the last commit's time"
            )
        return value
    result = subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=False
    )
    if result.returncode != 0 or not result.stdout.strip().isdigit():
        raise BuildError(
            f"{result.stderr.strip()}\nCannot tell when the source last changed (security.txt expires a year"
            " after it): build in a git checkout, or set SOURCE_DATE_EPOCH to a Unix time."
        )
    return result.stdout.strip()


def settings_arguments(now: str) -> list[str]:
    """Pelican arguments that give the build its "now" (last: `-e` takes every value after it), and say that the
    content was checked as of that moment (plugins/content_check then does not check it again).

    Plugins read the settings (plugins/schedule), never the environment or the clock.
    """
    import json

    return ["-e", f"BUILD_NOW={json.dumps(now)}", "CONTENT_CHECKED=true"]


def moments_after_source(days: list[int], root: Path = ROOT) -> list[str]:
    """Absolute UTC times ("YYYY-MM-DD hh:mm:ss", as faketime takes them) `days` after the source last changed."""
    from datetime import UTC, timedelta

    changed = datetime.fromtimestamp(int(source_date_epoch(root)), UTC)
    return [f"{changed + timedelta(days=count):%Y-%m-%d %H:%M:%S}" for count in days]
