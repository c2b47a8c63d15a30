"""Where the gates' external tools are, with the command that installs each one that is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
NODE_MODULES = ROOT / "node_modules"


def _require(path: Path, install: str) -> Path:
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing — run `{install}`")
    return path


def node_file(relative: str) -> Path:
    """A file of an npm package from the committed lock file."""
    return _require(NODE_MODULES / relative, "npm ci --ignore-scripts")


def command(name: str, debian_package: str) -> str:
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError(f"`{name}` is not installed — run `apt-get install {debian_package}`")
    return found


def vnu_jar() -> Path:
    return node_file("vnu-jar/build/dist/vnu.jar")


def axe_script() -> Path:
    return node_file("axe-core/axe.min.js")


def lighthouse_cli() -> Path:
    return node_file("lighthouse/cli/index.js")
