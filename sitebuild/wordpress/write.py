"""Writing what the import made, and only that: the manifest records the hash of every file the importer wrote,
so a re-run updates its own unchanged files, leaves a file an editor changed since (unless forced), and never
touches a file it did not write."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# Beside articles/ and pages/ in the content folder; Pelican reads neither (they are in no *_PATHS setting).
MANIFEST = "wordpress-import.json"
REDIRECTS = "redirects/wordpress.json"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    """Every file the importer wrote (path in the content folder → its hash and what it came from)."""

    files: dict[str, dict] = field(default_factory=dict)
    export: dict = field(default_factory=dict)

    @classmethod
    def load(cls, content: Path) -> Manifest:
        path = content / MANIFEST
        if not path.is_file():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, OSError) as error:
            raise OSError(
                f"{path} is not readable ({error}): it records what earlier imports wrote — restore it from git"
            ) from None
        return cls(files=dict(data.get("files", {})), export=dict(data.get("export", {})))

    def text(self) -> str:
        data = {
            "about": "Files written by `invoke import-wordpress` and their hashes: a re-run updates only those still"
            " unchanged. Do not edit; see docs/migration.md.",
            "format": 1,
            "export": self.export,
            "files": dict(sorted(self.files.items())),
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def state(content: Path, rel: str, data: bytes, manifest: Manifest, replace_foreign: bool = False) -> str:
    """What writing `data` to `rel` would be: new, update, unchanged, edited (by an editor since the last
    import), deleted (by an editor since the last import) or foreign (a file the importer did not write)."""
    path = content / rel
    recorded = manifest.files.get(rel, {}).get("sha256")
    if not path.exists():
        return "deleted" if recorded else "new"
    current = digest(path.read_bytes())
    if current == digest(data):
        return "unchanged"
    if recorded is None:
        return "update" if replace_foreign else "foreign"
    return "update" if current == recorded else "edited"


def write_file(path: Path, data: bytes) -> None:
    """Write atomically (a temporary file renamed into place), so a file is never left half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
