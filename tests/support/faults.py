"""Fault injection for the deploy tests: Python processes killed just before their N-th change to the filesystem.

A process started with `environment(n, log)` (and every Python process it starts) loads
kill_at_change/sitecustomize.py, which writes each change to `log` before making it and, at the n-th, kills the
process with SIGKILL instead. Nothing in the code under test knows.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from sitebuild import ROOT

STARTUP = Path(__file__).with_name("kill_at_change")


class Change(NamedTuple):
    """One change a process made (or, the last one of a killed process, was about to make)."""

    program: str
    call: str
    paths: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.program}: {self.call} {' '.join(self.paths)}"


def environment(kill_at: int, log: Path) -> dict[str, str]:
    """Environment variables for a process to be killed at its `kill_at`-th change (0: never), logged in `log`."""
    path = [str(STARTUP), str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {"PYTHONPATH": os.pathsep.join(path), "FAULTS_KILL_AT": str(kill_at), "FAULTS_LOG": str(log)}


def changes(log: Path, root: Path) -> list[Change]:
    """The changes logged, in order, with paths under `root` relative to it (so changes in two roots compare)."""
    if not log.exists():
        return []
    prefix = f"{root.resolve()}/"
    lines = log.read_text(encoding="utf-8").splitlines()
    return [
        Change(program, call, tuple(path.removeprefix(prefix) for path in paths))
        for program, call, *paths in (line.split(" ") for line in lines)
    ]
