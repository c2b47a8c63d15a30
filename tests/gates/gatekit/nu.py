"""The Nu HTML Checker (vnu.jar from npm `vnu-jar`, on Java 17), run once over every page of every site."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import tools
from .problems import Problem, snippet
from .sitemodel import Site


@dataclass
class NuResult:
    errors: list[Problem]
    warnings: list[Problem]


def check(sites: list[Site]) -> NuResult:
    """Validate all pages of `sites` in one Java process; the checker fetches nothing."""
    where = {page.file.resolve(): f"{site.name}:{page.url}" for site in sites for page in site.pages}
    completed = subprocess.run(
        [
            tools.command("java", "openjdk-17-jre-headless"),
            "-jar",
            str(tools.vnu_jar()),
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            *map(str, where),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        messages = json.loads(completed.stdout)["messages"]
    except (json.JSONDecodeError, KeyError) as error:
        raise RuntimeError(f"vnu.jar gave no JSON report ({error}):\n{completed.stdout}{completed.stderr}") from None
    result = NuResult(errors=[], warnings=[])
    for message in messages:
        url = message.get("url", "")
        file = Path(unquote(urlsplit(url).path)).resolve() if url else None
        page = where.get(file, url or "(checker)")
        line = message.get("lastLine") or message.get("firstLine")
        problem = Problem(
            page=page,
            rule=f"nu:{message.get('subType') or message['type']}",
            element=snippet(message.get("extract", "")),
            detail=(f"line {line}: " if line else "") + message.get("message", ""),
        )
        if message["type"] == "info":
            result.warnings.append(problem)
        else:  # "error", and "non-document-error" (the checker could not read the file)
            result.errors.append(problem)
    return result
