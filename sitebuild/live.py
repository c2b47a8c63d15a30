"""Updates in place for the development server: a saved article served in a second or two even at 2,000 pairs.

After a full build, `LiveSite.start` keeps what the build would read again on every save: the content check's
index of every file, and Pelican with every language's content objects (sitebuild/live_worker, processes of their
own, one per core writing its share of the languages as the build's do). A save of existing content files then costs
the changed files only:

1. The check reads the changed files again and checks them, and the files together (translations, events, old
   addresses); an error refuses the save as a build would, and the last good output stays served.
2. Pelican reads the changed files again and renders the pages that show them: their own pages in every language,
   the feeds and calendars; when an item's fields changed (not only its text), the news-list and category pages
   that list it and the pages of no single item (events, search, 404).
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
from .build import count_pages, is_production, language_groups, media_manifest_path
from .media import doc_media
from .now import resolve_now, settings_arguments
from .search import PART_PAGES, index_search, search_part_pages
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
        self._workers: list[_Worker] = []
        self.search = SearchIndexer(self.output)

    @property
    def ready(self) -> bool:
        return bool(self._workers) and all(worker.alive for worker in self._workers)

    def start(self, now: str) -> bool:
        """Keep the content and Pelican of the full build of `output` as of `now` just made (or found unchanged);
        False when this site is never updated in place (production settings, no media manifest)."""
        from plugins.content_check import check_site, load_index
        from plugins.markdown_store import shared_store
        from plugins.schedule import build_now
        from plugins.sitemap import sitemap_files

        self.close()
        config = content_settings(self.content, self.settings, now, self.markdown_cache)
        manifest = media_manifest_path(self.output)
        if is_production(config) or not manifest.is_file():
            return False
        self.config = config
        self.search.part_pages = search_part_pages(config)
        self.index, _problems = load_index(Path(config["PATH"]), config, build_now(config))
        # What the checks of a save look up in the whole index, worked out now (the build just checked it all).
        check_site(self.index)
        self.index.docs_by_path  # noqa: B018 (a cached property)
        shared_store(self.index.settings)  # loaded once, for the checks of every save
        self.file_errors, self.unbuilt, self.now = {}, set(), now
        languages = list(config["LANGUAGES"])
        # The languages with pages, each with its search index (an update in place adds no language's first page).
        self.searched = [lang for lang, count in count_pages(self.output, languages).items() if count]
        # The site's pages, and what the sitemap takes from each (read again only when a page is written again).
        theme = self.output / config["THEME_STATIC_DIR"]
        self.pages = {path for path in self.output.rglob("*.html") if not path.is_relative_to(theme)}
        self.heads: dict = {}
        sitemap_files(self.output, config, self.heads, sorted(self.pages))
        # As the build does: the languages written side by side, each process working out all of them.
        groups = language_groups(languages, len(os.sched_getaffinity(0))) or [languages]
        self._workers = [
            _Worker(self, now, manifest, group, self.output.with_name(f".{self.output.name}.live{number}"))
            for number, group in enumerate(groups)
        ]
        if not all(answer.get("ok") for answer in self._ask_all({"prime": True})):
            self.close()
            return False
        return True

    def close(self) -> None:
        """Stop keeping anything: the next save makes a full build."""
        for worker in self._workers:
            worker.close()
        self._workers = []

    def _ask_all(self, request: dict) -> list[dict]:
        """Every worker's answer to `request`, asked of all of them at once."""
        for worker in self._workers:
            worker.send(request)
        return [worker.answer() for worker in self._workers]

    # A save ------------------------------------------------------------------------------------------------

    def update(self, paths: list[Path]) -> bool:
        """Make the saved `paths` visible in place; False when only a full build can (nothing was done).

        BuildError when the check or Pelican refuses the change: the output stays as it was.
        """
        from plugins.content_check import check_files, check_site
        from plugins.content_check.content_index import doc_url, parse_date
        from plugins.content_check.document import read_document
        from plugins.sitemap import sitemap_files

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
            known[old.path.resolve()] = new
            for addresses in (index.live, index.pending):
                for url, doc in addresses.items():
                    if doc is old:
                        addresses[url] = new
        changed = [new for _old, new in pairs]
        # The Markdown store stays loaded between saves (the resident Pelican converts a changed text itself); the
        # next full build writes what was converted.
        for doc in changed:
            self.file_errors[doc.path] = [problem for problem in check_files(index, [doc]) if problem.is_error]
        problems = check_site(index)
        self.unbuilt.update(doc.path for doc in changed)
        refuse_errors([*problems, *(problem for found in self.file_errors.values() for problem in found)], self.now)
        answers = self._ask_all({"changed": sorted(str(path) for path in self.unbuilt)})
        if any("full" in answer for answer in answers):
            self.close()
            return False
        reports = "".join(dict.fromkeys(answer["report"] for answer in answers if not answer.get("ok")))
        if reports:
            self.close()
            raise BuildError(f"{reports}The update failed; {self.output} was not changed.".strip())
        self.unbuilt.clear()
        # The sitemap from the pages as they are now.
        theme = self.config["THEME_STATIC_DIR"] + "/"
        for answer in answers:
            self.pages.update(self.output / name for name in answer["written"] if _is_page(name, theme))
            self.pages.difference_update(self.output / name for name in answer["removed"])
        sitemap_files(self.output, self.config, self.heads, sorted(self.pages))
        # The output is no longer the one the last full build recorded (sitebuild/unchanged).
        forget(self.output)
        self.search.request(self.searched)
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


def _is_page(name: str, theme: str) -> bool:
    return name.endswith(".html") and not name.startswith(theme)


class _Worker:
    """One resident Pelican (sitebuild/live_worker) writing the languages `group`, into `staging` first."""

    def __init__(self, site: LiveSite, now: str, manifest: Path, group: list[str], staging: Path) -> None:
        command = [
            sys.executable,
            "-m",
            "sitebuild.live_worker",
            str(site.output),
            str(staging),
            str(site.content),
            "--settings",
            str(site.settings),
            "--output",
            str(staging),
            "--ignore-cache",
            *settings_arguments(now),
            f"MEDIA_MANIFEST={json.dumps(str(manifest))}",
            f"MARKDOWN_STORE={json.dumps(str(site.markdown_cache))}",
            # The languages this process writes; the sitemap is left to LiveSite (plugins/write_languages).
            f"WRITE_LANGUAGES={json.dumps(group)}",
        ]
        self.log = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed by close())
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, request: dict) -> None:
        with contextlib.suppress(OSError):
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()

    def answer(self) -> dict:
        try:
            line = self.process.stdout.readline()
        except OSError:
            line = ""
        if not line:
            # It stopped (killed, out of memory): the save is left to a full build, which says what is wrong if
            # anything is.
            self.log.seek(0)
            return {"ok": False, "full": f"the resident Pelican stopped: {self.log.read()[-2000:]}"}
        return json.loads(line)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.log.close()


def _moment(value: str, tz) -> datetime:
    moment = datetime.fromisoformat(value)
    return (moment if moment.tzinfo else moment.replace(tzinfo=tz)).astimezone(tz)


class SearchIndexer:
    """The search index of `output` made again after updates, in a thread of its own, and swapped in when done."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.part_pages = PART_PAGES  # the settings' SEARCH_PART_PAGES, once read (LiveSite.start)
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
                index_search(self.output, languages, bundle, self.part_pages)
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
