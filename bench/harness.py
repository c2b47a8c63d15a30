"""The benchmark: this project's build against plain Pelican + i18n_subsites, on one generated corpus.

For each stack and run: a cold build with its process tree's memory sampled (bench/process_tree.py), after which
its output and caches are removed; then, timed without sampling (the sampler's reading takes CPU from a build that
uses every core), a cold build (no output, no cache), a rebuild with nothing changed, and a rebuild after one
article's body was edited. Each build is one process. The stacks take turns going first. This project's outputs of every build path (cold, warm,
the edit undone) are compared byte for byte. Then, in each run, the same edit is saved while this project's
development server runs (sitebuild/devserver.py): save to served. What it measures and how: bench/README.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import psutil

from sitebuild import ROOT, shown
from sitebuild.build import count_pages
from sitebuild.devserver import DevServer

from . import corpus, plain_pelican
from .process_tree import Measurement, measure

RESULTS = Path(__file__).parent / "results.json"
PROJECT, PLAIN = "this project", "plain Pelican"
STACKS = (PROJECT, PLAIN)
LANGUAGES = ["sv", "fi"]
SCENARIOS = {
    "cold": "cold build",
    "warm": "rebuild, nothing changed",
    "edit": "rebuild after editing one article",
}
# results.json's names for this project's medians and their ratios to the plain stack's.
FIGURES = {"cold": "cold", "warm": "warm", "edit": "edit_rebuild"}
DEV_SERVER = (
    "edit_rebuild_s is the rebuild alone, as a process of its own; edit_served_s is what an editor waits with"
    " `make serve` (sitebuild/devserver.py): from the save to the dev server serving the page with the new text."
)
# How long a save may take to be served before the benchmark gives up on it (a measure, never a limit it asserts).
SERVED_GIVE_UP_S = 3600
SERVED_POLL_S = 0.02


class BenchError(Exception):
    """The benchmark cannot go on; the message says why."""


def run_benchmark(pairs: int, runs: int, results: Path = RESULTS, progress: Callable[[str], None] = print) -> dict:
    """Generate the corpus, build it `runs` times with each stack, write `results` (JSON) and return the figures."""
    if pairs < 1 or runs < 1:
        raise BenchError(f"--pairs {pairs} --runs {runs}: both must be at least 1")
    load_start = os.getloadavg()
    builds: dict[str, dict[str, list[tuple[Measurement, int]]]] = {s: {k: [] for k in SCENARIOS} for s in STACKS}
    memory: dict[str, list[Measurement]] = {stack: [] for stack in STACKS}  # the sampled cold builds
    pages: dict[str, dict[str, int]] = {}
    outputs: dict[str, dict] = {}  # this project's output, per build path: tree_digests
    served: list[float] = []  # save to served with the dev server, per run
    loads = [load_start[0]]
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        source = corpus.generate(Path(tmp) / "corpus", pairs)
        progress(f"Corpus: {pairs} pairs in {corpus_summary(source)['files']} files ({source}).")
        # Image encoding is not measured: one untimed build fills the media cache every build of this project uses.
        media_cache = Path(tmp) / "media-cache"
        warm_up = Path(tmp) / "warm-up"
        _build(PROJECT, warm_up, corpus.copy_content(source, warm_up / "content"), media_cache)
        shutil.rmtree(warm_up)
        progress(f"Media cache filled (not timed): {media_cache}.")
        for run in range(1, runs + 1):
            for stack in STACKS if run % 2 else STACKS[::-1]:
                site = Path(tmp) / f"run-{run}" / ("project" if stack == PROJECT else "plain")
                content = corpus.copy_content(source, site / "content")
                if stack == PLAIN:
                    plain_pelican.write_settings(site)
                edited = corpus.article_to_edit(content)
                memory[stack].append(_build(stack, site, content, media_cache, sample=True))
                progress(_memory_line(run, runs, stack, memory[stack][-1]))
                _forget_build(site)
                for scenario in SCENARIOS:
                    if scenario == "edit":
                        before_edit = corpus.edit_body(edited)
                    measurement = _build(stack, site, content, media_cache)
                    pages[stack] = count_pages(site / "output", LANGUAGES)
                    builds[stack][scenario].append((measurement, sum(pages[stack].values())))
                    loads.append(os.getloadavg()[0])
                    progress(_progress_line(run, runs, stack, scenario, measurement, pages[stack]))
                    if stack == PROJECT and scenario != "edit":
                        outputs[f"run {run}, {scenario}"] = tree_digests(site / "output")
                if stack == PROJECT and run == 1:
                    edited.write_text(before_edit, encoding="utf-8")
                    measurement = _build(stack, site, content, media_cache)
                    outputs["run 1, edit undone"] = tree_digests(site / "output")
                    progress(_progress_line(run, runs, stack, "edit undone", measurement, pages[stack]))
                if stack == PROJECT:
                    served.append(edit_served(site, content, media_cache))
                    progress(f"run {run}/{runs}  {stack:<13} {'edit served':<12} {served[-1]:7.2f} s  (dev server)")
                shutil.rmtree(site)
        figures = _figures(pairs, runs, source, builds, memory, pages, outputs, served, load_start, max(loads))
    results.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return figures


def _build(stack: str, site: Path, content: Path, media_cache: Path, sample: bool = False) -> Measurement:
    """One build of `site`; this project's converted Markdown is kept in the site's folder (none before its cold
    build), its processed images in the shared `media_cache`. Memory is sampled only if `sample`."""
    if stack == PROJECT:
        caches = [str(media_cache), str(site / "cache" / "markdown")]
        command = [sys.executable, "-m", "bench.project_build", str(content), str(site / "output"), corpus.NOW, *caches]
        measurement = measure(command, ROOT, {**os.environ, "PYTHONPATH": str(ROOT)}, sample=sample)
    else:
        measurement = measure(plain_pelican.build_command(site), site, sample=sample)
    if measurement.returncode != 0:
        raise BenchError(
            f"{measurement.output}\nThe build of {site} ({stack}) failed, exit status {measurement.returncode}."
        )
    return measurement


def _forget_build(site: Path) -> None:
    """Remove what a build of `site` left (its output, the records beside it, both stacks' caches; not the shared
    media cache): the next build is cold."""
    for left in [site / "output", site / "cache", *site.glob(".output*")]:
        if left.is_dir():
            shutil.rmtree(left)
        elif left.exists():
            left.unlink()


def _memory_line(run: int, runs: int, stack: str, m: Measurement) -> str:
    return f"run {run}/{runs}  {stack:<13} {'memory':<12} {m.seconds:7.2f} s  peak {m.peak_pss_mb:6.0f} MB (sampled)"


def edit_served(site: Path, content: Path, media_cache: Path) -> float:
    """Seconds from saving the edit of bench/corpus.py to the development server serving the article with it.

    The dev server starts on the site as the builds left it (its first build finds nothing changed) with the same
    "now" and caches, in a thread of this process; the page is asked for over HTTP until the added sentence is in it
    once more than before the save.
    """
    article = corpus.article_to_edit(content)
    head = article.read_text(encoding="utf-8").split("\n\n", 1)[0]
    slug = dict(line.split(": ", 1) for line in head.splitlines())["Slug"]
    caches = {"media_cache": media_cache, "markdown_cache": site / "cache" / "markdown"}
    with DevServer(content, site / "output", port=0, now=corpus.NOW, quiet=True, **caches) as server:
        built = next((site / "output").rglob(f"{slug}/index.html"))
        url = server.url + built.parent.relative_to(site / "output").as_posix() + "/"
        watcher = threading.Thread(target=server.watch, name="bench-devserver", daemon=True)
        watcher.start()
        try:
            page = _served(url)
            before = article.read_text(encoding="utf-8")
            saved = time.monotonic()
            corpus.edit_body(article)
            after = article.read_text(encoding="utf-8")
            # What the edit added (one sentence): where the two texts part, as long as the difference.
            start = next(
                (i for i, (old, new) in enumerate(zip(before, after, strict=False)) if old != new), len(before)
            )
            sentence = after[start : start + len(after) - len(before)].strip()
            count = page.count(sentence)
            while _served(url).count(sentence) <= count:
                if server.state.error is not None:
                    raise BenchError(f"{server.state.error}\nThe dev server could not build the edit of {article}.")
                if time.monotonic() - saved > SERVED_GIVE_UP_S:
                    raise BenchError(f"{url} did not show the edit of {article} within {SERVED_GIVE_UP_S} s.")
                time.sleep(SERVED_POLL_S)
            return time.monotonic() - saved
        finally:
            server.stop()
            watcher.join()


def _served(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8")


def tree_digests(folder: Path) -> dict[str, tuple[str, str | None]]:
    """Every file under `folder` (its path from there): the SHA-256 of its bytes, and for JSON that of its data
    with sorted keys (to tell a difference in key order from one in content)."""
    digests = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            canonical = None
            if path.suffix == ".json":
                canonical = json.dumps(json.loads(data), sort_keys=True).encode()
                canonical = hashlib.sha256(canonical).hexdigest()
            digests[path.relative_to(folder).as_posix()] = (hashlib.sha256(data).hexdigest(), canonical)
    return digests


def differences(outputs: dict[str, dict[str, tuple[str, str | None]]]) -> list[str]:
    """Where the build paths' outputs differ from the first one's: one line per file."""
    (first, reference), *others = outputs.items()
    found = []
    for name, digests in others:
        for path in sorted(set(reference) | set(digests)):
            mine, theirs = digests.get(path), reference.get(path)
            if mine == theirs:
                continue
            if mine is None or theirs is None:
                state = "missing" if mine is None else "extra"
            elif mine[1] is not None and mine[1] == theirs[1]:
                state = "differs only in the order of its JSON keys"
            else:
                state = "differs"
            found.append(f"{name}: {path} {state} (compared with {first})")
    return found


def corpus_summary(content: Path) -> dict[str, int]:
    """What the corpus holds."""
    articles = sorted((content / "articles").glob("*.md"))
    keys: dict[str, int] = {}
    events = 0
    words = []
    for path in articles:
        head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
        meta = dict(line.split(": ", 1) for line in head.splitlines())
        keys[meta["Key"]] = keys.get(meta["Key"], 0) + 1
        events += "Start" in meta
        words.append(len(body.split()))
    return {
        "files": sum(1 for path in content.rglob("*") if path.is_file()),
        "articles": len(articles),
        "pairs": sum(1 for count in keys.values() if count == 2),
        "one_language_articles": sum(1 for count in keys.values() if count == 1),
        "event_articles": events,
        "pages": len(list((content / "pages").glob("*.md"))),
        "photos": len(list((content / "images").glob("*.jpg"))),
        "median_words_per_article": round(statistics.median(words)),
    }


def _stats(values: list[float], digits: int = 2) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
    }


def _stack_figures(
    scenarios: dict[str, list[tuple[Measurement, int]]], memory: list[Measurement], pages: dict[str, int]
) -> dict:
    figures: dict = {}
    for scenario, done in scenarios.items():
        figures[scenario] = {
            "what": SCENARIOS[scenario],
            "seconds": _stats([m.seconds for m, _ in done]),
            "cpu_seconds": _stats([m.cpu_seconds for m, _ in done]),
            "pages": done[-1][1],
            "runs_s": [round(m.seconds, 2) for m, _ in done],
        }
    figures["memory"] = {
        "what": "cold build with the process tree's memory sampled (its time is not a figure: the sampling slows it)",
        "peak_pss_mb": _stats([m.peak_pss_mb for m in memory], 1),
        "sampled_seconds": _stats([m.seconds for m in memory]),
        "samples": [m.samples for m in memory],
    }
    figures["peak_pss_mb"] = round(max(m.peak_pss_mb for m in memory), 1)
    figures["pages"] = sum(pages.values())
    figures["pages_by_language"] = pages
    return figures


def _figures(pairs, runs, source, builds, memory, pages, outputs, served, load_start, load_max) -> dict:
    stacks = {stack: _stack_figures(builds[stack], memory[stack], pages[stack]) for stack in STACKS}
    stacks[PROJECT]["edit_served"] = {
        "what": "save to served, with the development server",
        "seconds": _stats(served),
        "runs_s": [round(seconds, 2) for seconds in served],
    }
    ours, plain = stacks[PROJECT], stacks[PLAIN]
    found = differences(outputs)
    figures = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "pairs": pairs,
        "runs": runs,
        "now": corpus.NOW,
    }
    for scenario, name in FIGURES.items():
        figures[f"{name}_s"] = ours[scenario]["seconds"]["median"]
    figures["edit_served_s"] = ours["edit_served"]["seconds"]["median"]
    for scenario, name in FIGURES.items():
        figures[f"{name}_ratio"] = round(ours[scenario]["seconds"]["median"] / plain[scenario]["seconds"]["median"], 2)
    figures |= {
        "peak_pss_mb": ours["peak_pss_mb"],
        "pages": ours["pages"],
        "identical_output": not found,
        "identical_output_compared": list(outputs),
        "output_differences": found[:50],
        "edit_rebuild_note": DEV_SERVER,
        "plain": {f"{name}_s": plain[scenario]["seconds"]["median"] for scenario, name in FIGURES.items()}
        | {"peak_pss_mb": plain["peak_pss_mb"], "pages": plain["pages"]},
        "stacks": stacks,
        "corpus": corpus_summary(source),
        "source": source_version(),
        "machine": machine(load_start, load_max),
    }
    return figures


def source_version() -> dict:
    """The commit of this project that was measured, and whether its working tree had changes on top."""

    def git(*args: str) -> str | None:
        result = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False)
        return result.stdout.strip() if result.returncode == 0 else None

    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": git("rev-parse", "HEAD"), "uncommitted_changes": None if status is None else bool(status)}


def machine(load_start: tuple[float, float, float], load_max: float) -> dict:
    """The machine and how busy it was (the 1-minute load average; above the cores, builds waited for a core)."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "system": platform.platform(),
        "python": platform.python_version(),
        "pelican": version("pelican"),
        "i18n_subsites": version("pelican-i18n-subsites"),
        "pagefind": version("pagefind"),
        "load_average_start": [round(load, 2) for load in load_start],
        "load_average_end": [round(load, 2) for load in os.getloadavg()],
        "load_average_1min_max": round(load_max, 2),
    }


def _progress_line(run: int, runs: int, stack: str, scenario: str, m: Measurement, pages: dict[str, int]) -> str:
    return (
        f"run {run}/{runs}  {stack:<13} {scenario:<12} {m.seconds:7.2f} s  (CPU {m.cpu_seconds:6.2f} s)"
        f"  {sum(pages.values())} pages"
    )


def summary(figures: dict, results: Path = RESULTS) -> str:
    """The figures as a short table: medians, ranges and ratios."""
    stacks = figures["stacks"]
    lines = [
        f"{figures['pairs']} pairs, {figures['runs']} run(s), {figures['measured_at']}; median (min–max):",
        f"{'':<36}{PROJECT:<24}{PLAIN:<24}ratio",
    ]

    def cell(seconds: dict) -> str:
        return f"{seconds['median']:.2f} s ({seconds['min']:.2f}–{seconds['max']:.2f})"

    for scenario, name in FIGURES.items():
        ours, plain = stacks[PROJECT][scenario]["seconds"], stacks[PLAIN][scenario]["seconds"]
        lines.append(f"{SCENARIOS[scenario]:<36}{cell(ours):<24}{cell(plain):<24}{figures[f'{name}_ratio']:.2f}×")
    lines.append(f"{'save to served, with make serve':<36}{cell(stacks[PROJECT]['edit_served']['seconds'])}")
    ours_mb, plain_mb = (f"{stacks[stack]['peak_pss_mb']:.0f} MB" for stack in STACKS)
    lines.append(f"{'peak PSS of the process tree (cold)':<36}{ours_mb:<24}{plain_mb}")
    lines.append(f"{'pages written':<36}{stacks[PROJECT]['pages']:<24}{stacks[PLAIN]['pages']}")
    compared = ", ".join(figures["identical_output_compared"])
    lines.append(f"This project's output byte-identical ({compared}): {'yes' if figures['identical_output'] else 'NO'}")
    lines += [f"  {line}" for line in figures["output_differences"][:5]]
    load = figures["machine"]
    lines.append(
        f"Load average (1 min) {load['load_average_start'][0]} at the start, at most {load['load_average_1min_max']}"
        f" on {load['cores']} cores. Written to {shown(results)}."
    )
    return "\n".join(lines)
