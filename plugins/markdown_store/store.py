"""Markdown converted once per source text, shared by the content check and every language's Pelican site.

Pelican reads every file once per language (i18n_subsites runs one more Pelican per language), and the content
check renders the same files before that. Here a text is converted once: the result is kept under a key made of
the text and everything that decides the HTML (the converter's fingerprint), in memory for the process and, when
a folder is given (`MARKDOWN_STORE`), on disk for the next process and the next build. A changed file, a changed
MARKDOWN setting, extension or library version gives another key, so a stale result is never served.
"""

from __future__ import annotations

import concurrent.futures
import functools
import hashlib
import inspect
import json
import multiprocessing
import os
import pickle
import sys
import tempfile
import threading
from importlib import import_module
from importlib.metadata import version
from pathlib import Path

from markdown import Markdown

STORE_FILE = "store.pickle"
META_EXTENSION = "markdown.extensions.meta"
# Below this many texts per process, converting side by side costs more than it saves.
MIN_SHARE = 50
# A store keeps what this build used and, beside it, the most recently used results up to this many.
KEEP_UNUSED = 20000


def _declared_extensions(settings: dict) -> list[type]:
    """The Markdown extension classes the configured plugins add (a plugin package's MARKDOWN_EXTENSION)."""
    found = []
    for name in settings.get("PLUGINS") or []:
        if not isinstance(name, str):
            continue
        try:
            module = import_module(name)
        except ImportError:
            continue
        extension = getattr(module, "MARKDOWN_EXTENSION", None)
        if extension is not None:
            found.append(extension)
    return found


def markdown_arguments(settings: dict) -> dict:
    """Python-Markdown's arguments exactly as Pelican's Markdown reader builds them for this site.

    The extensions plugins add at `initialized` (already in the list inside Pelican, added here when the check
    runs first), then those named only in `extension_configs`, then `meta`, in the order Pelican adds them.
    """
    config = dict(settings.get("MARKDOWN") or {})
    extensions = list(config.get("extensions") or [])
    for extension in _declared_extensions(settings):
        if not any(isinstance(present, extension) for present in extensions):
            extensions.append(extension())
    configs = dict(config.get("extension_configs") or {})
    extensions += [name for name in configs if name not in extensions]
    if META_EXTENSION not in extensions:
        extensions.append(META_EXTENSION)
    return {**config, "extensions": extensions, "extension_configs": configs}


def _described(extension) -> object:
    """An extension as it bears on the HTML: its name, or its class, configuration and module source."""
    if isinstance(extension, str):
        return extension
    cls = type(extension)
    source = inspect.getsource(sys.modules[cls.__module__])
    return {
        "class": f"{cls.__module__}.{cls.__qualname__}",
        "config": sorted((key, repr(value)) for key, value in extension.getConfigs().items()),
        "source": hashlib.sha256(source.encode()).hexdigest(),
    }


@functools.cache
def _versions() -> dict[str, str]:
    """The libraries' versions and this module's source (reading package metadata is slow: once per process)."""
    return {
        "markdown": version("markdown"),
        "pelican": version("pelican"),
        "store": hashlib.sha256(inspect.getsource(sys.modules[__name__]).encode()).hexdigest(),
    }


def fingerprint(arguments: dict) -> str:
    """What decides the HTML besides the text: library versions and the converter's arguments."""
    described = {
        **_versions(),
        "extensions": [_described(extension) for extension in arguments["extensions"]],
        "options": {key: value for key, value in arguments.items() if key != "extensions"},
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True, default=repr).encode()).hexdigest()


def _converted(arguments: dict, texts: list[str], formatted_fields: list[str]) -> list[tuple[str, str, tuple]]:
    """(kind, text, result) of each text and its formatted fields, as MarkdownStore.file and .field make them."""
    store = MarkdownStore(arguments=arguments)
    converted = []
    for text in texts:
        html, meta = store.file(text)
        converted.append(("file", text, (html, meta)))
        for name in formatted_fields:
            if name in meta:
                field = "\n".join(meta[name])
                converted.append(("field", field, (store.field(field),)))
    return converted


class MarkdownStore:
    """Converted texts by key; `file()` as Pelican's reader converts a whole file, `field()` a formatted field."""

    def __init__(self, settings: dict | None = None, folder: Path | None = None, arguments: dict | None = None) -> None:
        self.arguments = arguments if arguments is not None else markdown_arguments(settings or {})
        self.fingerprint = fingerprint(self.arguments)
        self.folder = folder
        self.results: dict[str, tuple] = {}
        self.used: set[str] = set()
        self.added = 0
        self._converters: dict[tuple[str, int], Markdown] = {}
        if folder is not None:
            self.results = self._load(folder / STORE_FILE)

    @staticmethod
    def _load(path: Path) -> dict[str, tuple]:
        try:
            with path.open("rb") as stored:
                results = pickle.load(stored)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
            return {}  # none yet, or unreadable: converted again and written anew
        return results if isinstance(results, dict) else {}

    def _converter(self, kind: str) -> Markdown:
        """This store's converter of whole files ("file") or of formatted fields ("field": without meta), one per
        thread (a converter holds the text it is converting)."""
        key = (kind, threading.get_ident())
        found = self._converters.get(key)
        if found is None:
            found = self._converters[key] = Markdown(**self.arguments)
            if kind == "field":
                found.preprocessors.deregister("meta")
        return found

    def _key(self, kind: str, text: str) -> str:
        return hashlib.sha256(f"{self.fingerprint}\0{kind}\0{text}".encode()).hexdigest()

    def _stored(self, key: str, convert) -> tuple:
        self.used.add(key)
        found = self.results.get(key)
        if found is None:
            found = self.results[key] = convert()
            self.added += 1
        return found

    def file(self, text: str) -> tuple[str, dict[str, list[str]]]:
        """The HTML of a whole file and its metadata as Python-Markdown's meta extension reads them."""

        def convert() -> tuple:
            # One converter for every text of this store, reset before each (Python-Markdown's reset(): every
            # extension's state, the meta extension's Meta too), which converts as the fresh one Pelican's reader
            # makes per file does; making one costs about a sixth of a news text's conversion.
            markdown = self._converter("file").reset()
            html = markdown.convert(text)
            return html, {name: list(values) for name, values in getattr(markdown, "Meta", {}).items()}

        html, meta = self._stored(self._key("file", text), convert)
        return html, {name: list(values) for name, values in meta.items()}

    def field(self, text: str) -> str:
        """The HTML of a formatted metadata field (Summary): Markdown without the meta extension, as Pelican does."""

        def convert() -> tuple:
            return (self._converter("field").reset().convert(text),)

        return self._stored(self._key("field", text), convert)[0]

    def fill(self, texts: list[str], formatted_fields: list[str], processes: int) -> int:
        """Convert the texts not yet stored (and their formatted fields) in `processes` processes side by side;
        return how many were converted. What each text becomes does not depend on the others."""
        missing = [text for text in dict.fromkeys(texts) if self._key("file", text) not in self.results]
        if len(missing) < 2 * MIN_SHARE or processes < 2:
            return 0
        shares = [missing[start::processes] for start in range(processes)]
        # Forked workers start at once; but a process with other threads (the development server) is not forked.
        context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
        with concurrent.futures.ProcessPoolExecutor(len(shares), mp_context=context) as pool:
            for converted in pool.map(
                _converted, [self.arguments] * len(shares), shares, [formatted_fields] * len(shares)
            ):
                for kind, text, result in converted:
                    self.results[self._key(kind, text)] = result
                    self.added += 1
        return len(missing)

    def save(self) -> None:
        """Write what this process converted (atomically), keeping the most recent of the rest."""
        if self.folder is None or not self.added:
            return
        kept = {key: self.results[key] for key in self.used if key in self.results}
        for key, value in self.results.items():
            if len(kept) >= len(self.used) + KEEP_UNUSED:
                break
            kept.setdefault(key, value)
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=self.folder, prefix=".store.")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(kept, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(name, self.folder / STORE_FILE)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
        self.added = 0
