"""Editors' safety net: validate every content file before building.

`validate()` checks all articles and pages without building (used by `invoke check` and by every
build); the Pelican plugin raises on errors at `initialized`, so `pelican` alone refuses bad content
too; at `content_object_init` it refuses any item whose rendered HTML could still run code (the last
line of defence).
"""

from pelican import signals

from .checks import METADATA_KEYS, check_files, check_index, check_site, validate
from .content_index import ContentIndex, content_files, load_index
from .hooks import ContentError, check_before_build, refuse_unsafe_markup
from .problem import Problem

__all__ = [
    "METADATA_KEYS",
    "ContentError",
    "ContentIndex",
    "Problem",
    "check_files",
    "check_index",
    "check_site",
    "content_files",
    "load_index",
    "register",
    "validate",
]


def register() -> None:
    signals.initialized.connect(check_before_build)
    signals.content_object_init.connect(refuse_unsafe_markup)
