"""The build pipeline that `tasks.py` drives: content check, catalogs, Pelican, post-processing, search, deploy.

`sitebuild.build.run_build` is the pipeline, one ordered list of steps; each other module is one of its jobs.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "themes" / "batteryregion"
PLUGINS = ROOT / "plugins"
PELICANCONF = ROOT / "pelicanconf.py"
PUBLISHCONF = ROOT / "publishconf.py"
# What the web server, running as its own user, needs of a published site: folders it can list, files it can read.
FOLDER_MODE, FILE_MODE = 0o755, 0o644


class BuildError(Exception):
    """A build step failed; the message says what and how to fix it."""


def shown(path: Path) -> str:
    """A path as a person in the repository would type it."""
    path = Path(path)
    return str(path.relative_to(ROOT)) if path.is_absolute() and path.is_relative_to(ROOT) else str(path)
