"""Pelican alone, as the build runs it in its own process, without the content check before it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pelican.settings import read_settings

import sitebuild
import sitebuild.catalogs


def run_pelican_process(content: Path, output: Path, with_check: bool = False) -> subprocess.CompletedProcess:
    """The Pelican step of the build alone (the content checks run before it in a real build).

    Pelican's own reaction to bad content is under test here: the content check's plugin gives way to
    tests.support.markup_guard, its last line of defence without the check of all content before the build
    (`with_check`: the plugins as configured, the check of all content at `initialized` included).
    """
    # The build compiles the catalogs before Pelican (sitebuild/build.py): the .mo files are build output.
    sitebuild.catalogs.compile_catalogs()
    plugins = [
        "tests.support.markup_guard" if name == "plugins.content_check" else name
        for name in read_settings(str(sitebuild.PELICANCONF))["PLUGINS"]
    ]
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from sitebuild.pelican_run import pelican_process; sys.exit(pelican_process(sys.argv[1:]))",
            str(content),
            "--settings",
            str(sitebuild.PELICANCONF),
            "--output",
            str(output),
            *([] if with_check else ["-e", f"PLUGINS={json.dumps(plugins)}"]),
        ],
        cwd=sitebuild.ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
