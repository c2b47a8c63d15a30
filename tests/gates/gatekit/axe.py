"""axe-core (npm `axe-core`, injected into the page) with the WCAG 2.0/2.1/2.2 A and AA rules and best practices.

Zero violations. "Incomplete" results are what axe could not decide alone (contrast over a gradient, ...): each
must be reviewed by a person and listed, with the reason it is fine, in `axe_incomplete_reviewed.json`; an
unreviewed one fails the gate like a violation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page as Tab

from . import tools
from .problems import Problem, snippet

TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
REVIEW_FILE = Path(__file__).resolve().parents[1] / "axe_incomplete_reviewed.json"

_RUN = """
async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations", "incomplete"],
  });
  const nodes = (rule) => rule.nodes.map((node) => ({
    target: node.target.join(" "),
    html: node.html,
    why: [...node.any, ...node.all, ...node.none].map((check) => check.message).filter(Boolean),
  }));
  const rules = (list) => list.map((rule) => ({id: rule.id, help: rule.help, url: rule.helpUrl, nodes: nodes(rule)}));
  return {version: axe.version, violations: rules(result.violations), incomplete: rules(result.incomplete)};
}
"""


@dataclass(frozen=True)
class Review:
    """A person's verdict on an incomplete result: rule, the page types it holds for, and why it is fine."""

    rule: str
    page_types: tuple[str, ...]
    reason: str
    target: str = ""  # optional: only nodes with this axe target (CSS selector)

    def covers(self, rule: str, page_type: str, target: str) -> bool:
        return (
            rule == self.rule
            and (page_type in self.page_types or "*" in self.page_types)
            and (not self.target or self.target == target)
        )


def load_reviews(path: Path = REVIEW_FILE) -> list[Review]:
    data = json.loads(path.read_text(encoding="utf-8"))
    reviews = []
    for number, entry in enumerate(data["reviewed"], start=1):
        missing = {"rule", "page_types", "reason"} - entry.keys()
        if missing or not entry.get("reason", "").strip():
            raise ValueError(f"{path}: entry {number} needs rule, page_types and a reason (missing: {sorted(missing)})")
        reviews.append(Review(entry["rule"], tuple(entry["page_types"]), entry["reason"], entry.get("target", "")))
    return reviews


def run(tab: Tab) -> dict:
    """Inject axe-core into the loaded page and run it; returns violations and incomplete results."""
    tab.add_script_tag(path=str(tools.axe_script()))
    return tab.evaluate(_RUN, list(TAGS))


@dataclass
class Verdict:
    violations: list[Problem]
    unreviewed: list[Problem]
    reviewed: list[tuple[Problem, Review]]


def judge(results: dict, where: str, page_type: str, reviews: list[Review]) -> Verdict:
    verdict = Verdict([], [], [])
    for rule in results["violations"]:
        for node in rule["nodes"]:
            detail = f"{rule['help']} ({rule['url']})" + "".join(f"\n    - {why}" for why in node["why"])
            verdict.violations.append(
                Problem(where, f"axe:{rule['id']}", f"{node['target']}  {snippet(node['html'])}", detail)
            )
    for rule in results["incomplete"]:
        for node in rule["nodes"]:
            reason = "; ".join(node["why"]) or rule["help"]
            problem = Problem(
                where,
                f"axe-incomplete:{rule['id']}",
                f"{node['target']}  {snippet(node['html'])}",
                f"axe could not decide: {reason}",
            )
            review = next((r for r in reviews if r.covers(rule["id"], page_type, node["target"])), None)
            if review is None:
                verdict.unreviewed.append(
                    Problem(
                        problem.page,
                        problem.rule,
                        problem.element,
                        problem.detail
                        + f"\n    — check it by hand; if it is fine, add rule {rule['id']!r} with page type"
                        f" {page_type!r} and the reason to {REVIEW_FILE.name}",
                    )
                )
            else:
                verdict.reviewed.append((problem, review))
    return verdict
