"""One build of this project in a process of its own, as the benchmark measures it (and as `invoke build` runs it).

`python -m bench.project_build CONTENT OUTPUT NOW MEDIA_CACHE MARKDOWN_CACHE`: sitebuild.build.run_build with the
development settings, one explicit "now" and the benchmark's caches (processed images; converted Markdown); prints
the pages written per language as JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sitebuild import BuildError
from sitebuild.build import run_build


def main(argv: list[str]) -> int:
    content, output, now, media_cache, markdown_cache = argv
    try:
        counts = run_build(
            content=Path(content),
            output=Path(output),
            quiet=True,
            now=now,
            media_cache=Path(media_cache),
            markdown_cache=Path(markdown_cache),
        )
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
