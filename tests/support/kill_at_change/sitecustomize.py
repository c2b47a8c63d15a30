"""Kill this Python process just before its N-th change to the filesystem: fault injection for the deploy tests.

Python imports `sitecustomize` from its path at startup; tests/support/faults.py puts this folder on PYTHONPATH
with FAULTS_KILL_AT=N and FAULTS_LOG=FILE. Every call that changes the filesystem (a folder made or removed, a
file opened for writing, a rename, a link made or removed, a mode changed) is first appended to FILE as one
line, "program call path..." (the process's id in a path as PID), numbered across all the processes that share FILE (a publish and the activation
it starts); the N-th is never made: the process kills itself with SIGKILL, as `kill -9` would. N=0 only counts.
Without FAULTS_KILL_AT this does nothing. Standard library only: the host's python3 loads it too.
"""

from __future__ import annotations

import builtins
import io
import os
import signal
import sys

CHANGES = ("mkdir", "rmdir", "rename", "replace", "symlink", "link", "unlink", "remove", "chmod")
WRITING_MODES = set("wax+")


def _install(kill_at: int, log: str) -> None:
    program = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "python"
    read = builtins.open

    def change(call: str, args: tuple) -> None:
        try:
            with read(log, encoding="utf-8") as lines:
                number = sum(1 for _ in lines) + 1
        except FileNotFoundError:
            number = 1
        # A process's own id in a name (a temporary file's) is written as PID: runs of one program compare.
        paths = " ".join(
            os.fspath(arg).replace(f".{os.getpid()}", ".PID") for arg in args if isinstance(arg, str | os.PathLike)
        )
        descriptor = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(descriptor, f"{program} {call} {paths}\n".encode())
        finally:
            os.close(descriptor)
        if number == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def counted(call: str, original):
        def wrapper(*args, **kwargs):
            change(call, args)
            return original(*args, **kwargs)

        return wrapper

    for name in CHANGES:
        setattr(os, name, counted(name, getattr(os, name)))

    def opened(file, mode="r", *args, **kwargs):
        if WRITING_MODES & set(mode):
            change(f"open({mode})", (file,))
        return read(file, mode, *args, **kwargs)

    builtins.open = io.open = opened


if os.environ.get("FAULTS_KILL_AT"):
    _install(int(os.environ["FAULTS_KILL_AT"]), os.environ["FAULTS_LOG"])
