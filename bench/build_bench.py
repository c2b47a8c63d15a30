"""Build-time benchmark: the real site and the fixture corpus scaled up, timed over repeated builds.

Speed is measured here and reported, never asserted in tests. Run with `invoke bench`; results are
printed and written to bench/results/ (not committed).
"""

from __future__ import annotations

import json
import platform
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import sitebuild.build
from sitebuild import ROOT
from tests import corpus

RESULTS = ROOT / "bench" / "results"


def time_build(content: Path, repeat: int) -> dict[str, float | int]:
    """Median and spread of `repeat` development builds of `content`, each in a fresh process."""
    seconds = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeat):
            started = time.perf_counter()
            counts = sitebuild.build.run_build(content=content, output=Path(tmp) / "output", quiet=True)
            seconds.append(time.perf_counter() - started)
    pages = sum(counts.values())
    median = statistics.median(seconds)
    return {
        "pages": pages,
        "median_s": round(median, 3),
        "min_s": round(min(seconds), 3),
        "max_s": round(max(seconds), 3),
        "pages_per_s": round(pages / median, 1),
    }


def main(pairs: tuple[int, ...] = (21, 200), repeat: int = 3) -> dict:
    results = {"real content": time_build(ROOT / "content", repeat)}
    with tempfile.TemporaryDirectory() as tmp:
        for count in pairs:
            content = corpus.generate(Path(tmp) / f"corpus-{count}", pairs=count)
            results[f"corpus, {count} pairs"] = time_build(content, repeat)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "repeat": repeat,
        "builds": results,
    }
    for name, result in results.items():
        print(
            f"{name:>22}: {result['pages']:>5} pages, median {result['median_s']:.2f} s"
            f" (min {result['min_s']:.2f}, max {result['max_s']:.2f}), {result['pages_per_s']} pages/s"
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"build-{report['when'].replace(':', '')}.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


if __name__ == "__main__":
    main()
