"""Pelican's Markdown reader, taking each conversion from the store (store.py) instead of converting again."""

from __future__ import annotations

import contextlib
import re
import sys
from pathlib import Path

from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, MarkdownReader, logger
from pelican.utils import SafeDatetime, pelican_open

from .store import MarkdownStore, fingerprint, markdown_arguments

# A date as editors write it, to the minute or second or the day alone; anything else goes to Pelican's get_date.
_PLAIN_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")
# One store per folder and converter in the Pelican process: the main site and every language's subsite read the
# same files one after the other. Saved and emptied once the last site has read its content (finish_when_read).
_STORES: dict[tuple[str | None, str], MarkdownStore] = {}
# The store each settings dict was given (the check asks once per file): by the dict's id, while the dict is alive.
_GIVEN: dict[int, tuple[dict, MarkdownStore]] = {}


def shared_store(settings: dict) -> MarkdownStore:
    """The store of this process for these settings (MARKDOWN_STORE: a folder, or None to keep it in memory)."""
    given = _GIVEN.get(id(settings))
    if given is not None and given[0] is settings:
        return given[1]
    folder = settings.get("MARKDOWN_STORE")
    key = (folder, fingerprint(markdown_arguments(settings)))
    if key not in _STORES:
        _STORES[key] = MarkdownStore(settings, Path(folder) if folder else None)
    _GIVEN[id(settings)] = (settings, _STORES[key])
    return _STORES[key]


def finish_stores(_pelican=None) -> None:
    """Write what the sites converted for the next build, and let go of the results (a reader that reads again
    converts again: its store is empty)."""
    for store in _STORES.values():
        store.save()
        store.results, store.used = {}, set()
    _STORES.clear()
    _GIVEN.clear()


def finish_when_read(_generators=None) -> None:
    """`all_generators_finalized`: when the last site of the run has read its content (i18n_subsites has no
    subsite left to start), no Markdown is read again: the store is written and let go of before the pages are
    written, when a Pelican process holds the most."""
    subsites = sys.modules.get("pelican.plugins.i18n_subsites.i18n_subsites")
    if not getattr(subsites, "_SUBSITE_QUEUE", None):
        finish_stores()


class StoredMarkdownReader(MarkdownReader):
    """MarkdownReader.read and _parse_metadata, with the conversions from the shared store."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._store: MarkdownStore | None = None  # found on the first file: one reader serves one site

    def read(self, source_path):
        self._source_path = source_path
        if self._store is None:
            self._store = shared_store(self.settings)
        store = self._store
        with pelican_open(source_path) as text:
            content, meta = store.file(text)
        return content, self._parse_stored_metadata(meta, store)

    def process_metadata(self, name, value):
        """Pelican's, but a date written as editors write it (`2022-09-15 10:00`) read without dateutil's general
        parser (a tenth of a Pelican process's reading at 2,000 pairs): the same value, a naive SafeDatetime."""
        if name in ("date", "modified") and isinstance(value, str):
            found = _PLAIN_DATE.fullmatch(value.replace("_", " ") if name == "date" else value)
            if found:
                with contextlib.suppress(ValueError):  # no such day or hour: Pelican's own message
                    return SafeDatetime(*(int(part) for part in found.groups(default="0")))
        return super().process_metadata(name, value)

    def _parse_stored_metadata(self, meta: dict[str, list[str]], store: MarkdownStore) -> dict:
        formatted_fields = self.settings["FORMATTED_FIELDS"]
        output = {}
        for field, value in meta.items():
            name = field.lower()
            if name in formatted_fields:
                output[name] = self.process_metadata(name, store.field("\n".join(value)))
            elif not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True):
                if len(value) > 1:
                    logger.warning("Duplicate definition of `%s` for %s. Using first one.", name, self._source_path)
                output[name] = self.process_metadata(name, value[0])
            elif len(value) > 1:
                output[name] = self.process_metadata(name, value)
            else:
                output[name] = self.process_metadata(name, value[0])
        return output


def use_stored_reader(readers) -> None:
    """Every Markdown file extension is read by StoredMarkdownReader."""
    for extension in StoredMarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = StoredMarkdownReader
