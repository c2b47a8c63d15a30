"""`invoke import-wordpress`: the old WordPress site (a WXR export and a copy of its uploads) into this project's content.

`import_wordpress()` is the one entry point (importer.py). The export is read with lxml (wxr.py); languages and
translation pairs come from Polylang (polylang.py) or WPML (wpml.py); Gutenberg blocks, shortcodes and classic HTML
become Markdown (blocks.py, shortcodes.py, convert.py); uploads are matched to their originals (media.py); old
addresses become `Aliases:` or entries of the redirects data file (addresses.py); files are written only where
the importer may (write.py), and everything is reported (report.py).
"""

from .importer import Options, WordPressImportError, import_wordpress
from .report import Report

__all__ = ["Options", "Report", "WordPressImportError", "import_wordpress"]
