"""What a gate found: the page, the rule, the element and what to do about it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pytest

# A gate that finds hundreds of problems prints this many and says how many more there are.
SHOWN = 60


@dataclass(frozen=True, order=True)
class Problem:
    """One finding of a gate."""

    page: str  # URL path of the page ("/fi/kontakt/") or file, as a reader finds it
    rule: str  # the gate's rule id ("link-target", axe's "color-contrast", ...)
    element: str  # CSS selector, outer HTML snippet or link as written; "" where the whole page is meant
    detail: str  # what is wrong and, where known, how to fix it

    def __str__(self) -> str:
        where = f"\n    element: {self.element}" if self.element else ""
        return f"{self.page}  [{self.rule}]{where}\n    {self.detail}"


def report(gate: str, problems: Iterable[Problem]) -> str:
    """Format problems the way a failing gate prints them: one block per problem, sorted by page."""
    found = sorted(set(problems))
    lines = [f"{gate}: {len(found)} problem(s)"]
    lines += [str(problem) for problem in found[:SHOWN]]
    if len(found) > SHOWN:
        lines.append(f"... and {len(found) - SHOWN} more")
    return "\n".join(lines)


def assert_no_problems(gate: str, problems: Iterable[Problem]) -> None:
    """Fail the calling test with a readable report if there is any problem."""
    found = list(problems)
    if found:
        pytest.fail(report(gate, found), pytrace=False)


def snippet(html: str, limit: int = 160) -> str:
    """Shorten an element's outer HTML for a report line."""
    flat = " ".join(html.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
