"""The content check on a fixture project: the valid site with scenario folders laid over it, and its report.

Every bad input is a fixture folder named after its scenario (tests/fixtures/content_check/<scenario>/), laid
over tests/fixtures/content_check/valid_site/ in a temporary copy.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import sitebuild
import sitebuild.validate

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "content_check"
VALID_SITE = FIXTURES / "valid_site"
INVOKE = [sys.executable, "-m", "invoke", "--search-root", str(sitebuild.ROOT)]


def make_project(tmp_path: Path, *scenarios: str) -> Path:
    """A project folder whose content/ is the valid site with the scenarios' files laid over it."""
    content = tmp_path / "content"
    shutil.copytree(VALID_SITE, content)
    for scenario in scenarios:
        shutil.copytree(FIXTURES / scenario, content, dirs_exist_ok=True)
    return tmp_path


def check_in_process(project: Path, capsys, monkeypatch) -> tuple[int, str]:
    """The `check` task on project/content: its exit status and what it printed."""
    monkeypatch.chdir(project)
    status = sitebuild.validate.run_check(project / "content")
    return status, capsys.readouterr().out


def reported(output: str, path: str, line: int | None, what: str) -> str:
    """The one reported problem at `path:line` (or `path:` where no line applies) that says `what`."""
    prefix = f"content/{path}:{line}: " if line else f"content/{path}: "
    found = [entry for entry in output.splitlines() if entry.startswith(prefix) and what in entry]
    assert found, f"no problem {prefix}…{what}… in:\n{output}"
    return found[0]


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    """An invoke command run from the project folder, as an editor runs it."""
    return subprocess.run([*INVOKE, *args], cwd=project, capture_output=True, text=True, check=False, timeout=300)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }
