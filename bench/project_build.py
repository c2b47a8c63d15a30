"""One build of this project in a process of its own, as the benchmark measures it (and as `invoke build` runs it).

`python -m bench.project_build CONTENT OUTPUT NOW`: sitebuild.build.run_build with the development settings and
one explicit "now"; prints the pages written per language as JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sitebuild import BuildError
from sitebuild.build import run_build


def main(argv: list[str]) -> int:
    content, output, now = argv
    try:
        counts = run_build(content=Path(content), output=Path(output), quiet=True, now=now)
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
