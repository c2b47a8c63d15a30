"""The development server's resident Pelican: every language in one long-lived process, updated in place.

`python -m sitebuild.live_worker PELICAN-ARGS...` reads requests from stdin, one JSON object a line, and answers
each on stdout the same way (sitebuild/live.py drives it; production builds never use it):

- `{"prime": true}`: Pelican runs once over all content and renders nothing: the output folder already holds the
  pages of a build with the same inputs (the development server's last full build). What each page was made of is
  remembered.
- `{"changed": [paths]}`: Pelican runs again. Every item of a file not in `changed` is the object read the time
  before, put back as it was read (as Pelican's own content cache reuses them); the changed files are read again.
  A page is rendered only when what it shows may have changed: it is new, its list of items is not the same, it is
  a changed item's page, or it names a changed item whose fields changed (its translations' pages, the news-list
  and category pages listing it; then too the pages of no single item: events, search, 404). An edit of a text
  alone changes no list. An edited page (`pages/`) renders everything, because every page's menu and footer and
  the front page name pages. The feeds and calendars are always made again. A page no longer made is removed.

An answer is `{"ok": true, "written": [...], "removed": [...]}`, `{"ok": false, "report": "..."}` (what Pelican
logged; nothing more was written), or `{"ok": false, "full": "why"}` when the change cannot be made in place (an
item's address changed, so pages already rendered link to the old one): nothing was written and a full build must
follow. Module-global state (i18n_subsites, plugins/markdown_store) is set up again by every run, as Pelican's own
autoreload does; tests/test_devserver.py proves the output the same bytes as a fresh build's.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path


class NotInPlaceError(Exception):
    """The change cannot be made in place; the message says why."""


# The lists of a generator whose items have an address of their own (set aside lists are another site's items).
_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)


class Resident:
    """Pelican's content objects and what each page was made of, kept between runs."""

    def __init__(self, argv: list[str], output: Path, staging: Path) -> None:
        self.argv, self.output, self.staging = argv, output, staging
        # (site language, source path, class) -> the object read, and its state as it was read
        self.objects: dict[tuple, tuple[object, dict]] = {}
        self.fresh: set[int] = set()  # ids of the objects read in this run
        self.listed_fresh: set[int] = set()  # ...of those whose fields changed (not only their text)
        self.changed: set[str] = set()
        self.shows: dict[str, tuple | None] = {}  # page -> what it showed (object ids) the last time it was made
        self.made: set[str] = set()  # every file the last run made (rendered or not)
        self.seen: dict[str, tuple | None] = {}
        self.addresses: dict[tuple, tuple] = {}  # (site language, source path, class) -> (url, save_as)
        self.render_all = True
        self.prime = False
        # What Pelican worked out of each kept object (its addresses, its path), by the object's id: the same for
        # as long as the object is kept, which is as long as its file is unchanged.
        self.known: dict[int, dict] = {}
        self.staging_clean = False

    def read_file(self, original, readers, base_path, path, content_class, **kwargs):
        """An unchanged file's item is the object read before, put back as it was read (later steps of a run
        set translations, addresses of counterparts and marks on it); a changed file is read again."""
        source = os.path.abspath(os.path.join(base_path, path))
        key = (readers.settings["DEFAULT_LANG"], source, content_class.__name__)
        if key in self.objects and source not in self.changed:
            content, state = self.objects[key]
            content.__dict__.clear()
            content.__dict__.update(state)
            content.metadata = dict(state["metadata"])
            return content
        content = original(readers, base_path, path, content_class=content_class, **kwargs)
        if content is not None:
            before = self.objects.get(key)
            if before is not None:
                self.known.pop(id(before[0]), None)
            self.known[id(content)] = {}
            state = dict(content.__dict__)
            state["metadata"] = dict(content.metadata)
            self.objects[key] = (content, state)
            self.fresh.add(id(content))
            # Lists (news lists, categories, search, events, menus) show an item's fields, never its text: an edit
            # of the text alone is not theirs to show.
            if before is None or before[1]["metadata"] != state["metadata"] or "summary" not in state["metadata"]:
                self.listed_fresh.add(id(content))
                if content_class.__name__ == "Page" and not self.prime:
                    self.render_all = True  # every page's menu and footer, and the front page, name pages
        return content

    def check_addresses(self, generators) -> None:
        """Refuse a run in which an item's address changed: pages not rendered again would link to the old one."""
        lang = generators[0].settings["DEFAULT_LANG"]
        for generator in generators:
            for name in _LISTS:
                for content in getattr(generator, name, None) or []:
                    if not self.prime and id(content) not in self.fresh:
                        continue  # as it was read before, so where it was
                    key = (lang, content.source_path, type(content).__name__)
                    address = (content.url, content.save_as)
                    before = self.addresses.get(key)
                    if not self.prime and before is not None and before != address:
                        raise NotInPlaceError(f"the address of {content.source_path} changed")
                    self.addresses[key] = address

    @staticmethod
    def shown(localcontext: dict) -> tuple | None:
        """What a page shows of the content: its place in a list, the item it is (text and all), the items it names
        (the item's translations, a list's items), as ids; None for a page of no item."""
        own, listed = [], []
        for name in ("article", "page"):
            content = localcontext.get(name)
            if content is not None:
                own.append(id(content))
                listed += [id(translation) for translation in getattr(content, "translations", [])]
        place: tuple = ()
        listing = localcontext.get("articles_page")
        if listing is not None:
            listed += [id(item) for item in listing.object_list]
            place = (listing.number, localcontext["articles_paginator"].num_pages)
        if not own and not listed:
            return None
        return place, tuple(own), tuple(listed)

    def wanted(self, name: str, localcontext: dict) -> bool:
        """Whether to render the page `name` in this run."""
        shown = self.shown(localcontext)
        self.seen[name] = shown
        if self.prime:
            return False
        if self.render_all or name not in self.shows or self.shows[name] != shown:
            return True
        if shown is None:
            # A page of no single item (events, search, 404) shows what lists show.
            return bool(self.listed_fresh)
        _place, own, listed = shown
        return any(item in self.fresh for item in own) or any(item in self.listed_fresh for item in listed)

    def wanted_calendar(self, name: str, articles: list) -> bool:
        """Whether to make the calendar file `name` of `articles` (events) in this run."""
        shown = ("calendar", tuple(id(article) for article in articles))
        self.seen[name] = shown
        if self.prime:
            return False
        if self.render_all or self.shows.get(name) != shown:
            return True
        return any(id(article) in self.fresh for article in articles)

    def run(self, request: dict) -> dict:
        from pelican import get_instance, parse_arguments

        self.prime = bool(request.get("prime"))
        self.changed = {os.path.abspath(path) for path in request.get("changed", [])}
        self.fresh, self.listed_fresh, self.seen = set(), set(), {}
        self.render_all = self.prime
        # The folders stay from run to run (making thousands of them again would take seconds); no file does.
        if not self.staging_clean:
            self.clear_staging()
        self.staging.mkdir(parents=True, exist_ok=True)
        self.staging_clean = False
        from plugins.markdown_store import reader

        pelican, _settings = get_instance(parse_arguments(self.argv))
        reader._GIVEN.clear()  # the settings of the last run
        pelican.run()
        return self.settle()

    def staged(self) -> list[str]:
        """The files in the staging folder, by their path in the site."""
        found = []
        for folder, _folders, files in os.walk(self.staging):
            found += [os.path.relpath(os.path.join(folder, name), self.staging) for name in files]
        return sorted(Path(name).as_posix() for name in found)

    def clear_staging(self) -> None:
        if self.staging.is_dir():
            for name in self.staged():
                (self.staging / name).unlink()

    def settle(self) -> dict:
        """Move what the run wrote over the output and remove what it no longer makes."""
        written = self.staged()
        made = set(written) | set(self.seen)
        removed = [] if self.prime else sorted(self.made - made)
        if self.prime:
            self.clear_staging()
        else:
            for name in written:
                target = self.output / name
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.staging / name, target)
            for name in removed:
                (self.output / name).unlink(missing_ok=True)
        self.shows, self.made = self.seen, made
        self.staging_clean = True
        return {"ok": True, "written": [] if self.prime else written, "removed": removed}


def install(resident: Resident) -> None:
    """Hook the resident state into Pelican: its readers, its writer, and the check of addresses."""
    import jinja2
    import pelican.generators
    from pelican import signals
    from pelican.readers import Readers
    from pelican.writers import Writer

    import plugins.feeds.feeds

    original = Readers.read_file
    plugins.feeds.feeds.MADE = {}

    class CompiledTemplates(jinja2.BytecodeCache):
        """The theme's templates compiled once for all runs (Pelican makes new Jinja environments every run); a
        template's key includes its source."""

        def __init__(self) -> None:
            self.compiled: dict[str, bytes] = {}

        def load_bytecode(self, bucket) -> None:
            if bucket.key in self.compiled:
                bucket.bytecode_from_string(self.compiled[bucket.key])

        def dump_bytecode(self, bucket) -> None:
            self.compiled[bucket.key] = bucket.bytecode_to_string()

    compiled = CompiledTemplates()

    class Environment(jinja2.Environment):
        def __init__(self, *args, **kwargs) -> None:
            kwargs.setdefault("bytecode_cache", compiled)
            super().__init__(*args, **kwargs)

    pelican.generators.Environment = Environment

    from pelican.contents import Content

    expand_settings, relative_source_path = Content._expand_settings, Content.get_relative_source_path

    def _expand_settings(content, key, klass=None):
        known = resident.known.get(id(content))
        if known is None:
            return expand_settings(content, key, klass)
        if (key, klass) not in known:
            known[key, klass] = expand_settings(content, key, klass)
        return known[key, klass]

    def get_relative_source_path(content, source_path=None):
        known = resident.known.get(id(content))
        if known is None:
            return relative_source_path(content, source_path)
        if ("source", source_path) not in known:
            known["source", source_path] = relative_source_path(content, source_path)
        return known["source", source_path]

    static_links = Content.get_static_links

    def get_static_links(content):
        known = resident.known.get(id(content))
        if known is None:
            return static_links(content)
        if "static" not in known:
            known["static"] = static_links(content)
        return set(known["static"])

    Content._expand_settings = _expand_settings
    Content.get_relative_source_path = get_relative_source_path
    Content.get_static_links = get_static_links

    import plugins.events.pages

    make_calendar = plugins.events.pages.write_calendar

    def write_calendar(generator, articles, save_as, feed):
        name = os.path.relpath(os.path.join(generator.output_path, save_as), resident.staging)
        if resident.wanted_calendar(Path(name).as_posix(), articles):
            make_calendar(generator, articles, save_as, feed)

    plugins.events.pages.write_calendar = write_calendar

    def read_file(readers, base_path, path, content_class=None, **kwargs):
        from pelican.contents import Page

        return resident.read_file(original, readers, base_path, path, content_class or Page, **kwargs)

    Readers.read_file = read_file

    class Skipped:
        """A template that renders a page only when `resident` wants it."""

        def __init__(self, template, writer) -> None:
            self.template, self.writer = template, writer

        def render(self, localcontext):
            # Each language's Pelican names its pages from its own folder (fi/ for the Finnish site).
            name = Path(
                os.path.relpath(os.path.join(self.writer.output_path, localcontext["output_file"]), resident.staging)
            )
            if resident.wanted(name.as_posix(), localcontext):
                return self.template.render(localcontext)
            self.writer.skip_next = True
            return ""

    class ResidentWriter(Writer):
        skip_next = False

        def write_file(self, name, template, context, *args, **kwargs):
            return super().write_file(name, Skipped(template, self), context, *args, **kwargs)

        def _open_w(self, filename, encoding, override=False):
            if self.skip_next:
                self.skip_next = False
                return open(os.devnull, "w", encoding=encoding)
            return super()._open_w(filename, encoding, override=override)

    def writer_class(_pelican):
        return ResidentWriter

    # The Markdown store stays loaded from run to run (a text not in it is converted here, as a build would): not
    # written and let go of when a site is done; every Pelican (each site's) registers the plugins again first.
    from plugins.markdown_store import reader

    def keep_markdown_store(_pelican) -> None:
        signals.finalized.disconnect(reader.finish_stores)
        signals.all_generators_finalized.disconnect(reader.finish_when_read)

    signals.initialized.connect(keep_markdown_store, weak=False)

    # The content files are the ones of the full build: a new or deleted file is a full build again.
    from pelican.cache import FileStampDataCacher
    from pelican.generators import Generator

    found_files, find_files = {}, Generator.get_files

    def get_files(generator, paths, exclude=None, extensions=None):
        key = (generator.path, json.dumps([paths, exclude, extensions], default=str))
        if key not in found_files:
            found_files[key] = frozenset(find_files(generator, paths, exclude, extensions))
        return set(found_files[key])

    def no_cached_data(_cacher, _filename, default=None):
        return default

    def cache_no_data(_cacher, _filename, _data) -> None:
        """Pelican's content cache is off here (--ignore-cache): nothing to stamp and keep."""

    Generator.get_files = get_files
    FileStampDataCacher.get_cached_data = no_cached_data
    FileStampDataCacher.cache_data = cache_no_data

    signals.get_writer.connect(writer_class, weak=False)
    signals.all_generators_finalized.connect(resident.check_addresses, weak=False)


def main(argv: list[str]) -> int:
    """`OUTPUT STAGING PELICAN-ARGS...` (Pelican writing into STAGING); requests on stdin, answers on stdout."""
    from pelican.log import init as init_logging

    from .pelican_run import Collector

    output, staging, *pelican_args = argv
    init_logging(level=logging.WARNING, name="pelican")
    collector = Collector()
    logging.getLogger().handlers = [collector]
    resident = Resident(pelican_args, Path(output), Path(staging))
    install(resident)
    # The answers have the standard output to themselves: whatever else prints goes to the standard error.
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    for line in sys.stdin:
        request = json.loads(line)
        collector.problems.clear()
        try:
            answer = resident.run(request)
        except NotInPlaceError as why:
            answer = {"ok": False, "full": str(why)}
        except Exception as error:  # reported with what Pelican logged
            collector.problems[f"error: {type(error).__name__}: {error}"] = None
        if collector.problems:
            # Any warning or error fails the update, as it fails a build; nothing of the run reaches the output.
            resident.clear_staging()
            answer = {"ok": False, "report": "".join(f"{message}\n" for message in collector.problems)}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
