"""Updates in place for the development server: a saved article served in about a second, whatever the site's size.

After a full build, `LiveSite.start` keeps what the build would read again on every save: the content check's
index of every file, and Pelican with every language's content objects (sitebuild/live_worker, a process of its
own). A save of existing content files then costs the changed files only:

1. The check reads the changed files again and checks them, and the files together (translations, events, old
   addresses); an error refuses the save as a build would, and the last good output stays served.
2. Pelican reads the changed files again and renders the pages that show them: their own pages in every language,
   the news-list and category pages that list them, and the pages of no single item (events, search, 404, feeds).
3. The sitemap takes the pages written; the search index is made again in the background and swapped in.

Anything else is left to a full build (`update` returns False): a new, deleted or renamed file, a change of an
item's address (its slug, date, language or status), of the photos and documents it uses, or of "now" past a date
of the content or into another day; the theme, plugins or settings; production settings (production builds are
always one fresh build). tests/test_devserver.py proves the output after updates the same bytes as a full build's.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from datetime import datetime
from pathlib import Path

from . import FOLDER_MODE, ROOT, BuildError
from .build import count_pages, is_production, media_manifest_path
from .media import doc_media
from .now import resolve_now, settings_arguments
from .search import index_search
from .unchanged import forget
from .validate import content_settings, refuse_errors

# The content fields that may hold a moment after which the pages say something else (plugins/schedule,
# plugins/events).
MOMENT_FIELDS = ("date", "start", "end")


class LiveSite:
    """The content check and Pelican of the last full build, kept to update `output` in place after a save."""

    def __init__(self, content: Path, output: Path, settings: Path, now: str | None, markdown_cache: Path) -> None:
        self.content, self.output, self.settings = Path(content), Path(output), Path(settings)
        self.given_now, self.markdown_cache = now, Path(markdown_cache)
        self.now: str | None = None
        self.index = None
        self.file_errors: dict[Path, list] = {}  # problems of files checked since the full build
        self.unbuilt: set[Path] = set()  # files changed since Pelican last took a change
        self._worker: subprocess.Popen | None = None
        self._log = None
        self.search = SearchIndexer(self.output)

    @property
    def ready(self) -> bool:
        return self._worker is not None and self._worker.poll() is None

    def start(self, now: str) -> bool:
        """Keep the content and Pelican of the full build of `output` as of `now` just made (or found unchanged);
        False when this site is never updated in place (production settings, no media manifest)."""
        from plugins.content_check import load_index
        from plugins.schedule import build_now

        self.close()
        config = content_settings(self.content, self.settings, now, self.markdown_cache)
        manifest = media_manifest_path(self.output)
        if is_production(config) or not manifest.is_file():
            return False
        self.index, _problems = load_index(Path(config["PATH"]), config, build_now(config))
        self.file_errors, self.unbuilt, self.now = {}, set(), now
        self.languages = list(config["LANGUAGES"])
        staging = self.output.with_name(f".{self.output.name}.live")
        command = [
            sys.executable,
            "-m",
            "sitebuild.live_worker",
            str(self.output),
            str(staging),
            str(self.content),
            "--settings",
            str(self.settings),
            "--output",
            str(staging),
            "--ignore-cache",
            *settings_arguments(now),
            f"MEDIA_MANIFEST={json.dumps(str(manifest))}",
            f"MARKDOWN_STORE={json.dumps(str(self.markdown_cache))}",
            # Every language written by this process, and the sitemap left to it (plugins/write_languages).
            f"WRITE_LANGUAGES={json.dumps(self.languages)}",
        ]
        self._log = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed by close())
        self._worker = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        answer = self._ask({"prime": True})
        if not answer.get("ok"):
            self.close()
            return False
        return True

    def close(self) -> None:
        """Stop keeping anything: the next save makes a full build."""
        if self._worker is not None:
            with contextlib.suppress(OSError):
                self._worker.stdin.close()
            try:
                self._worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._worker.kill()
                self._worker.wait()
        self._worker = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def _ask(self, request: dict) -> dict:
        try:
            self._worker.stdin.write(json.dumps(request) + "\n")
            self._worker.stdin.flush()
            line = self._worker.stdout.readline()
        except OSError:
            line = ""
        if not line:
            self._log.seek(0)
            return {"ok": False, "report": self._log.read()[-4000:] or "the resident Pelican stopped"}
        return json.loads(line)

    # A save ------------------------------------------------------------------------------------------------

    def update(self, paths: list[Path]) -> bool:
        """Make the saved `paths` visible in place; False when only a full build can (nothing was done).

        BuildError when the check or Pelican refuses the change: the output stays as it was.
        """
        from plugins.content_check import check_files, check_site
        from plugins.content_check.content_index import doc_url, parse_date
        from plugins.content_check.document import read_document
        from plugins.markdown_store import finish_stores, shared_store

        if not self.ready:
            return False
        if not self._same_moment(resolve_now(self.settings, self.given_now)):
            return False
        index = self.index
        known = index.docs_by_path
        pairs = []
        for path in dict.fromkeys(Path(path).resolve() for path in paths):
            old = known.get(path)
            if old is None:
                return False  # not an item the site knew: a new file, or not content
            new = read_document(old.path, old.kind)
            if new.encoding_error:
                return False
            date, _reason = parse_date(new.value("date") or "")
            new_date = date.replace(tzinfo=index.tz) if date is not None else None
            same = (
                index.dates.get(old.path) == new_date
                and new.status == old.status
                and new.lang == old.lang
                and doc_url(new, index) == doc_url(old, index)
                and doc_media(new, index) == doc_media(old, index)
            )
            if not same:
                return False
            pairs.append((old, new))
        for old, new in pairs:
            index.docs[next(number for number, doc in enumerate(index.docs) if doc is old)] = new
            for addresses in (index.live, index.pending):
                for url, doc in addresses.items():
                    if doc is old:
                        addresses[url] = new
        index.__dict__.pop("docs_by_path", None)
        changed = [new for _old, new in pairs]
        try:
            shared_store(index.settings).fill(
                [doc.source for doc in changed if doc.source], index.settings.get("FORMATTED_FIELDS", ["summary"]), 1
            )
            for doc in changed:
                self.file_errors[doc.path] = [problem for problem in check_files(index, [doc]) if problem.is_error]
            problems = check_site(index)
        finally:
            finish_stores()
        self.unbuilt.update(doc.path for doc in changed)
        refuse_errors([*problems, *(problem for found in self.file_errors.values() for problem in found)], self.now)
        answer = self._ask({"changed": sorted(str(path) for path in self.unbuilt)})
        if "full" in answer:
            self.close()
            return False
        if not answer.get("ok"):
            self.close()
            raise BuildError(f"{answer['report']}The update failed; {self.output} was not changed.".strip())
        self.unbuilt.clear()
        # The output is no longer the one the last full build recorded (sitebuild/unchanged).
        forget(self.output)
        self.search.request([lang for lang, count in count_pages(self.output, self.languages).items() if count])
        return True

    def _same_moment(self, now: str) -> bool:
        """Whether the pages as of `now` are the pages as of the moment Pelican keeps (the same day, and no date or
        event time of the content in between)."""
        from plugins.content_check.content_index import parse_date

        if now == self.now:
            return True
        index = self.index
        before, after = (_moment(value, index.tz) for value in (self.now, now))
        if before.date() != after.date() or after < before:
            return False
        for doc in index.docs:
            for field in MOMENT_FIELDS:
                moment, _reason = parse_date(doc.value(field) or "")
                if moment is not None and before < moment.replace(tzinfo=index.tz) <= after:
                    return False
        return True


def _moment(value: str, tz) -> datetime:
    moment = datetime.fromisoformat(value)
    return (moment if moment.tzinfo else moment.replace(tzinfo=tz)).astimezone(tz)


class SearchIndexer:
    """The search index of `output` made again after updates, in a thread of its own, and swapped in when done."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self._changed = threading.Condition()
        self._wanted: list[str] | None = None
        self._busy = False
        self.error: str | None = None
        self._thread: threading.Thread | None = None

    def request(self, languages: list[str]) -> None:
        with self._changed:
            self._wanted = languages
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="devserver-search", daemon=True)
                self._thread.start()

    def settled(self, timeout: float | None = None) -> bool:
        """Wait until the search index is the output's (True), or `timeout` seconds."""
        with self._changed:
            return self._changed.wait_for(lambda: self._wanted is None and not self._busy, timeout=timeout)

    def _run(self) -> None:
        while True:
            with self._changed:
                languages, self._wanted = self._wanted, None
                if languages is None:
                    self._changed.notify_all()
                    return
                self._busy = True
            bundle = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.pagefind.", dir=self.output.parent))
            bundle.chmod(FOLDER_MODE)
            try:
                index_search(self.output, languages, bundle)
                current = self.output / "pagefind"
                previous = bundle.with_name(f"{bundle.name}.previous")
                if current.exists():
                    current.rename(previous)
                bundle.rename(current)
                shutil.rmtree(previous, ignore_errors=True)
                self.error = None
            except BuildError as error:
                self.error = str(error)
                print(f"error: the search index was not updated: {error}", file=sys.stderr, flush=True)
            finally:
                shutil.rmtree(bundle, ignore_errors=True)
                with self._changed:
                    self._busy = False
                    self._changed.notify_all()
