"""What every check returns: a `Problem` (where, what is wrong, how to fix it), shown as text or as a GitHub
annotation; and `ContentError`, raised when content cannot be built or read at all."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from plugins.common import display_path


class ContentError(Exception):
    """Content has errors, or cannot be read at all; the message says what and how to fix it."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content file: where, what and how to fix it. Notes inform; errors stop a build."""

    path: Path
    line: int | None
    message: str
    fix: str
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def where(self, root: Path | None = None) -> str:
        """`path:line` (or `path` where no line applies), the path relative to `root` where it is inside it."""
        path = self.path.as_posix() if root is None else display_path(self.path, root)
        return f"{path}:{self.line}" if self.line else path

    def render(self, root: Path | None = None) -> str:
        """`path:line: what is wrong — how to fix it` (notes say so)."""
        label = "" if self.is_error else "note: "
        return f"{self.where(root)}: {label}{self.message} — {self.fix}"

    def github(self, root: Path | None = None) -> str:
        """A GitHub Actions workflow command that annotates the file and line in a pull request."""
        level = "error" if self.is_error else "notice"
        location = self.where(root).rsplit(":", 1)[0] if self.line else self.where(root)
        properties = f"file={_escape_property(location)}"
        if self.line:
            properties += f",line={self.line}"
        properties += ",title=Content check"
        return f"::{level} {properties}::{_escape_data(f'{self.message} — {self.fix}')}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def language_name(code: str) -> str:
    """English name of a language code ("sv" → "Swedish"), for messages."""
    from babel import Locale

    return Locale("en").languages.get(code, code)
