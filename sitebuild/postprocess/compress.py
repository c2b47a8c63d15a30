"""Precompressed copies beside every text file: `x.gz` (gzip, mtime 0) and `x.br` (Brotli).

The host serves them as they are (nginx gzip_static and brotli_static), so it never compresses
on the fly and always sends the smallest form. Both are deterministic: the same file gives the
same bytes on every build (no timestamp, no file name in the gzip header).
"""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

TEXT_SUFFIXES = frozenset(
    {".html", ".css", ".js", ".mjs", ".json", ".xml", ".txt", ".svg", ".ics", ".webmanifest", ".map"}
)


def compressible(path: Path, output: Path) -> bool:
    """A text file the host serves (not the host's own configuration: `_headers`, `_redirects`, `_nginx/`)."""
    return path.is_file() and path.suffix in TEXT_SUFFIXES and not path.relative_to(output).parts[0].startswith("_")


def precompress(output: Path) -> int:
    """Write `.gz` and `.br` beside every text file under `output`; return how many files were compressed."""
    count = 0
    for path in sorted(output.rglob("*")):
        if not compressible(path, output):
            continue
        data = path.read_bytes()
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
        path.with_name(path.name + ".br").write_bytes(brotli.compress(data, mode=brotli.MODE_TEXT, quality=11))
        count += 1
    return count
