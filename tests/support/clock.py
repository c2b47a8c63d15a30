"""The one "now" of every build the tests make or compare: the last commit's time, never the clock.

A test run on any day gives the same sites: `make test` proves it by running the suite again with the
clock set days and years after the last commit (tasks.py `test`).
"""

from __future__ import annotations

import os
import subprocess

from sitebuild import PUBLISHCONF
from sitebuild.now import resolve_now, source_date_epoch

# What a production build uses when no --now is given, so development and production builds agree.
NOW = resolve_now(PUBLISHCONF, None, source_date_epoch())


def at_moment(moment: str, argv: list[str], **options) -> subprocess.CompletedProcess:
    """Run a command with the clock stopped at `moment` (UTC, "YYYY-MM-DD hh:mm:ss"), through faketime."""
    env = {**os.environ, **options.pop("env", {}), "TZ": "UTC"}
    return subprocess.run(
        ["faketime", "-f", moment, *argv], env=env, capture_output=True, text=True, check=False, **options
    )
