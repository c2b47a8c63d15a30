"""The content check as the build runs it: Pelican's settings for a content folder, then plugins/content_check."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import shlex
import threading
from pathlib import Path

from . import PELICANCONF, ROOT, BuildError, shown

# Markdown converted by earlier checks and builds (plugins/markdown_store), by text and converter.
MARKDOWN_CACHE = ROOT / ".cache" / "markdown"


def content_settings(
    content: Path, settings: Path = PELICANCONF, now: str | None = None, store: Path | None = None
) -> dict:
    """Pelican's settings for a content folder (and a fixed "now", and a Markdown store), as the build sees them."""
    from pelican.settings import read_settings

    if not Path(content).is_dir():
        raise BuildError(
            f"there is no content folder {shown(Path(content))} — give the folder that holds articles/ and pages/"
        )
    overrides = {"PATH": str(Path(content).resolve())}
    if now:
        overrides["BUILD_NOW"] = now
    if store:
        overrides["MARKDOWN_STORE"] = str(store)
    return read_settings(str(settings), override=overrides)


def check_content(
    content: Path = ROOT / "content", settings: Path = PELICANCONF, now: str | None = None, store: Path | None = None
) -> list:
    """Validate every content file without building; return the problems (errors and notes)."""
    from plugins.content_check import validate
    from plugins.markdown_store import finish_stores
    from plugins.schedule import ScheduleError, build_now

    config = content_settings(content, settings, now, store)
    try:
        moment = build_now(config)
    except ScheduleError as error:
        raise BuildError(str(error)) from None
    try:
        return validate(Path(config["PATH"]), config, moment)
    finally:
        finish_stores()


def checked_content(content: Path, settings: Path, now: str, store: Path | None = None):
    """The content read once and checked as of `now` (a plugins.content_check ContentIndex, for the build's later
    steps); BuildError listing every error. Notes do not stop a build.

    What Markdown made of each text is written to `store` (plugins/markdown_store), where Pelican takes it for
    every language instead of converting the files again.
    """
    from plugins.content_check import ContentError, check_site, load_index
    from plugins.markdown_store import finish_stores, shared_store
    from plugins.schedule import ScheduleError, build_now

    config = content_settings(content, settings, now, store)
    try:
        index, problems = load_index(Path(config["PATH"]), config, build_now(config))
        # The texts not converted before, side by side on the machine's cores, before the checks read them.
        texts = [doc.source for doc in index.docs if doc.source]
        fields = config.get("FORMATTED_FIELDS", ["summary"])
        shared_store(index.settings).fill(texts, fields, len(os.sched_getaffinity(0)))
        problems = problems + files_checked(index, len(os.sched_getaffinity(0))) + check_site(index)
    except (ContentError, ScheduleError) as error:
        raise BuildError(str(error)) from None
    finally:
        finish_stores()
    refuse_errors(problems, now)
    return index


# Each file on its own, checked side by side: the share of each forked process (set before the fork).
_SHARES: list = []
# Fewer documents than this are checked in the build's own process (a fork costs more than it saves).
MIN_CHECK_SHARE = 200


def files_checked(index, processes: int) -> list:
    """The problems of each content file on its own (plugins.content_check.check_files), in `processes` forked
    processes side by side when there are enough files; each reads the whole index it inherits, and what it adds
    to the Markdown store comes back to this process's store (which is written for the next build), the links it
    found in each file to the file's Document."""
    from plugins.content_check import check_files

    docs = index.docs
    if processes < 2 or len(docs) < 2 * MIN_CHECK_SHARE or threading.active_count() > 1:
        # A process with other threads (the development server) is not forked.
        return check_files(index, docs)
    _ = index.docs_by_path  # worked out once, before the fork, for every process
    _SHARES[:] = [(index, docs[start::processes]) for start in range(processes)]
    problems: list = []
    store = _store(index)
    try:
        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(processes, mp_context=context) as pool:
            for (_index, docs), (found, used, added, scanned) in zip(
                _SHARES, pool.map(_check_share, range(processes)), strict=True
            ):
                problems.extend(found)
                # Each file's `{static}` links as the checks found them, for the media step (Document.static_links).
                for doc, links in zip(docs, scanned, strict=True):
                    if links is not None:
                        doc.__dict__.setdefault("static_links", links)
                store.used.update(used)
                for key, value in added.items():
                    store.results.setdefault(key, value)
                    store.added += 1
    finally:
        _SHARES.clear()
    return problems


def _store(index):
    from plugins.markdown_store import shared_store

    return shared_store(index.settings)


def _check_share(number: int) -> tuple[list, set, dict, list]:
    """In a forked process: the problems of its share of the files, what it read from and added to the store, and
    the `{static}` links the checks found in each file's body."""
    from plugins.content_check import check_files

    index, docs = _SHARES[number]
    store = _store(index)
    known = set(store.results)
    store.used.clear()
    found = check_files(index, docs)
    added = {key: value for key, value in store.results.items() if key not in known}
    return found, set(store.used), added, [doc.__dict__.get("static_links") for doc in docs]


def refuse_errors(problems: list, now: str) -> None:
    """BuildError listing every error among `problems` (file:line — what — the fix); notes do not stop a build."""
    errors = sorted({problem for problem in problems if problem.is_error}, key=lambda p: (str(p.path), p.line or 0))
    if errors:
        listing = "\n".join(problem.render(Path.cwd()) for problem in errors)
        raise BuildError(
            f"{listing}\n{len(errors)} content problem(s) as of {now}: nothing was built and the previous output"
            " is unchanged. Fix them as described above"
            f" (`invoke check --now {shlex.quote(now)}` checks without building)."
        )


def run_check(content: Path, output_format: str = "text", now: str | None = None, settings: Path = PELICANCONF) -> int:
    """`invoke check`: print every problem (text or GitHub annotations) and a summary; return the exit status."""
    from plugins.content_check import ContentError, content_files

    if output_format not in ("text", "github"):
        raise BuildError(f"unknown format {output_format!r} — use --format text or --format github")
    try:
        problems = check_content(content, settings, now=now, store=MARKDOWN_CACHE)
    except ContentError as error:
        raise BuildError(str(error)) from None
    for problem in problems:
        print(problem.github(Path.cwd()) if output_format == "github" else problem.render(Path.cwd()))
    errors = [problem for problem in problems if problem.is_error]
    checked = len(content_files(content, content_settings(content, settings))[0])
    notes = len(problems) - len(errors)
    noted = f" ({notes} note{'s' if notes != 1 else ''})" if notes else ""
    if errors:
        files = len({problem.path for problem in errors})
        print(
            f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in {files} file{'s' if files != 1 else ''}"
            f"{noted}; {checked} content files checked."
        )
        return 1
    print(f"No problems in {checked} content files{noted}.")
    return 0
