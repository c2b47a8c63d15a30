"""One command in a process of its own, measured: wall time, CPU time, and the peak of its process tree's memory.

Memory is the sum of PSS (proportional set size: each shared page divided among the processes that share it) over
the process and all its descendants, sampled every SAMPLE_INTERVAL seconds; the peak is the largest sum seen. So
work split into more processes (Pelican in a child, Pagefind in another) is counted whole, and shared libraries are
not counted twice. A peak shorter than the interval can be missed.

Reading a process's PSS makes the kernel walk its memory: each sample costs CPU on the machine being measured
(about 25 ms a sample of a 2,000-pair build's tree). A build using every core loses that time, a build on one core
does not: timed runs are therefore measured without sampling (`sample=False`), memory in runs of their own.
"""

from __future__ import annotations

import contextlib
import resource
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

SAMPLE_INTERVAL = 0.05  # seconds
MB = 1024 * 1024


@dataclass(frozen=True)
class Measurement:
    """What one run of a command took."""

    seconds: float  # wall time, from start to exit
    cpu_seconds: float  # user + system time of the whole tree (less sensitive to a busy machine than wall time)
    peak_pss_mb: float | None  # None: not sampled
    samples: int
    returncode: int
    output: str  # stdout, then stderr


def tree_pss(root: psutil.Process) -> int:
    """The summed PSS of `root` and every descendant alive now, in bytes."""
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for process in processes:
        # One that ended between the listing and the reading has no memory left to count.
        with contextlib.suppress(psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
            total += process.memory_full_info().pss
    return total


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None, sample: bool = True) -> Measurement:
    """Run `command` to its end, sampling its process tree's memory from another thread (unless not `sample`)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err)
        peak, samples, done = [0], [0], threading.Event()

        def sampler_loop() -> None:
            try:
                root = psutil.Process(process.pid)
            except psutil.NoSuchProcess:
                return  # over before the first sample
            while not done.is_set():
                peak[0] = max(peak[0], tree_pss(root))
                samples[0] += 1
                done.wait(SAMPLE_INTERVAL)

        sampler = threading.Thread(target=sampler_loop, daemon=True)
        if sample:
            sampler.start()
        returncode = process.wait()
        seconds = time.perf_counter() - started
        done.set()
        if sample:
            sampler.join()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        out.seek(0)
        err.seek(0)
        output = out.read().decode(errors="replace") + err.read().decode(errors="replace")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measurement(seconds, cpu, peak[0] / MB if sample else None, samples[0], returncode, output)
