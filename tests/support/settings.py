"""A settings file for a test's build: the project's development settings with a few of them changed."""

from __future__ import annotations

from pathlib import Path

from sitebuild import ROOT


def settings_with(folder: Path, name: str, overrides: dict) -> Path:
    """pelicanconf.py with `overrides`, written as `name` in `folder`. Pelican reads relative paths in a settings
    file from the file's folder: the project's plugin paths and theme are made absolute."""
    path = folder / name
    path.write_text(
        f"import os, sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"PLUGIN_PATHS = [os.path.join({str(ROOT)!r}, path) for path in PLUGIN_PATHS]\n"
        f"THEME = os.path.join({str(ROOT)!r}, THEME)\n"
        + "".join(f"{setting} = {value!r}\n" for setting, value in overrides.items()),
        encoding="utf-8",
    )
    return path
