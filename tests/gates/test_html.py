"""Gate: the Nu HTML Checker reports no errors on any page of any gated site."""

from __future__ import annotations

from tests.gates.gatekit import nu
from tests.gates.gatekit.problems import assert_no_problems


def test_nu_html_checker_reports_no_errors(all_sites, gate_report):
    result = nu.check(all_sites)
    pages = sum(len(site.pages) for site in all_sites)
    gate_report.setdefault("Nu HTML checker", []).append(
        f"{pages} pages checked in one run: {len(result.errors)} errors, {len(result.warnings)} warnings"
    )
    gate_report["Nu HTML checker"] += [f"warning: {problem.page}: {problem.detail}" for problem in result.warnings]
    assert_no_problems("Nu HTML checker", result.errors)
