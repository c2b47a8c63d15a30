"""Lighthouse 12 (npm, on Node) against Debian's Chromium, on the site served locally at its real address.

Chromium resolves the live host name to a local HTTPS server (a throw-away certificate it is told to accept),
so Lighthouse audits https://batteryregion.eu/... with absolute URLs as in production, and every other host
resolves to nothing: Lighthouse fetches nothing from the internet. Accessibility, best practices and SEO must
score 100 and the cumulative layout shift must be 0 (a count of moves, not a time); the performance score is
reported, not asserted (it measures this shared machine as much as the site).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from . import tools
from .browser import CHROMIUM, CHROMIUM_FLAGS
from .problems import Problem, snippet

ASSERTED = ("accessibility", "best-practices", "seo")
REPORTED = ("performance",)


def run(url: str, port: int, output: Path) -> dict:
    """Audit `url` (on the live origin) with Chromium resolving its host to 127.0.0.1:`port`; returns the LHR."""
    host = urlsplit(url).hostname
    chrome_flags = [
        "--headless",
        *CHROMIUM_FLAGS,
        f'--host-resolver-rules="MAP {host} 127.0.0.1:{port}, MAP * ~NOTFOUND, EXCLUDE localhost"',
        "--ignore-certificate-errors",
    ]
    completed = subprocess.run(
        [
            tools.command("node", "nodejs"),
            str(tools.lighthouse_cli()),
            url,
            "--output=json",
            f"--output-path={output}",
            "--quiet",
            "--no-enable-error-reporting",
            "--disable-full-page-screenshot",
            f"--only-categories={','.join(ASSERTED + REPORTED)}",
            f"--chrome-flags={' '.join(chrome_flags)}",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        check=False,
    )
    if completed.returncode != 0 or not output.exists():
        raise RuntimeError(f"Lighthouse failed on {url} (exit {completed.returncode}):\n{completed.stderr[-3000:]}")
    return json.loads(output.read_text(encoding="utf-8"))


def scores(lhr: dict) -> dict[str, float | None]:
    return {key: category["score"] for key, category in lhr["categories"].items()}


def layout_shift(lhr: dict) -> float | None:
    """The cumulative layout shift Lighthouse measured while the page loaded."""
    return (lhr["audits"].get("cumulative-layout-shift") or {}).get("numericValue")


def judge(lhr: dict, where: str) -> list[Problem]:
    """Every asserted category at 100, with the audits that cost points and the elements they name; no layout shift."""
    if lhr.get("runtimeError"):
        error = lhr["runtimeError"]
        return [Problem(where, "lighthouse-runtime", "", f"{error.get('code')}: {error.get('message')}")]
    problems = []
    if layout_shift(lhr) != 0:
        problems.append(
            Problem(
                where,
                "lighthouse:cumulative-layout-shift",
                "",
                f"cumulative layout shift {layout_shift(lhr)} (must be 0): reserve space for what loads late",
            )
        )
    for key in ASSERTED:
        category = lhr["categories"].get(key)
        if category is None:
            problems.append(Problem(where, f"lighthouse:{key}", "", "category missing from the report"))
            continue
        if category["score"] == 1:
            continue
        failing = [
            lhr["audits"][ref["id"]]
            for ref in category["auditRefs"]
            if ref["weight"] > 0
            and (lhr["audits"][ref["id"]].get("score") is not None)
            and lhr["audits"][ref["id"]]["score"] < 1
        ]
        for audit in failing:
            detail = f"{audit['title']} (score {audit['score']}; category {key} {round(category['score'] * 100)})"
            items = [item for item in (audit.get("details") or {}).get("items") or [] if isinstance(item, dict)]
            for item in items[:5] or [{}]:
                nodes = [value for value in item.values() if isinstance(value, dict) and value.get("type") == "node"]
                reasons = [sub.get("reason", "") for sub in (item.get("subItems") or {}).get("items", [])]
                element = "; ".join(snippet(node.get("snippet") or node.get("selector", ""), 100) for node in nodes)
                problems.append(
                    Problem(
                        where,
                        f"lighthouse:{key}:{audit['id']}",
                        element,
                        detail + "".join(f"\n    - {reason}" for reason in reasons if reason),
                    )
                )
        if not failing:
            problems.append(Problem(where, f"lighthouse:{key}", "", f"score {category['score']} below 1"))
    return problems
