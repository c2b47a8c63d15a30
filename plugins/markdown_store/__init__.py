"""Each Markdown text converted once, shared by the content check and every language (store.py).

`readers_init`: Markdown files are read by StoredMarkdownReader, which takes the HTML and metadata from the
store; when the last site has read its content (`all_generators_finalized`), and at `finalized`: the store is
written to MARKDOWN_STORE (when set) for the next build, and emptied.
"""

from pelican import signals

from .reader import finish_stores, finish_when_read, shared_store, use_stored_reader
from .store import MarkdownStore, markdown_arguments

__all__ = ["MarkdownStore", "finish_stores", "markdown_arguments", "register", "shared_store"]


def register() -> None:
    signals.readers_init.connect(use_stored_reader)
    signals.all_generators_finalized.connect(finish_when_read)
    signals.finalized.connect(finish_stores)
