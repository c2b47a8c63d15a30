"""The gates that read files (Nu checker, links, orphans) and the judges of tool reports catch what they should."""

from __future__ import annotations

import json

import pytest

from tests.gates.gatekit import axe, budgets, lighthouse, links, nu
from tests.gates.gatekit.problems import Problem, report


def found(problems: list[Problem]) -> set[tuple[str, str]]:
    return {(problem.page, problem.rule) for problem in problems}


def test_a_well_made_site_passes_the_link_gates(fixture_site):
    site = fixture_site("good_site")
    assert links.check_links(site) == []
    assert links.check_orphans(site) == []


def test_nu_checker_reports_errors_with_page_line_and_message_and_passes_valid_html(fixture_site):
    errors = nu.check([fixture_site("good_site"), fixture_site("invalid_html")]).errors  # one Java start
    assert errors, "the Nu checker found nothing in invalid HTML"
    assert {problem.page for problem in errors} == {"invalid_html:/"}
    assert any("Duplicate ID" in problem.detail for problem in errors)
    assert all(problem.detail.startswith("line ") for problem in errors)


def test_links_to_missing_pages_fragments_and_assets_are_reported(fixture_site):
    problems = links.check_links(fixture_site("broken_links"))
    elements = {(problem.rule, problem.detail.split(":")[0]) for problem in problems}
    assert elements == {
        ("link-target", "'/saknas/'"),
        ("link-fragment", "'#ingenstans'"),
        ("link-target", "'https"),  # the live address is internal: checked like a relative link
        ("link-fragment", "'/annan/#fel'"),
        ("link-target", "'fonts/saknas.woff2'"),
    }
    assert any("finns-inte-heller" in problem.detail for problem in problems)


def test_a_page_no_link_leads_to_is_an_orphan(fixture_site):
    assert found(links.check_orphans(fixture_site("broken_links"))) == {("broken_links:/ensam/", "orphan-page")}


def test_an_unreviewed_incomplete_axe_result_fails_and_a_reviewed_one_is_listed():
    results = {
        "violations": [],
        "incomplete": [
            {
                "id": "color-contrast",
                "help": "Contrast",
                "url": "",
                "nodes": [{"target": ".a", "html": "<p>", "why": ["bg"]}],
            },
            {
                "id": "aria-valid-attr-value",
                "help": "ARIA",
                "url": "",
                "nodes": [{"target": ".b", "html": "<a>", "why": []}],
            },
        ],
    }
    reviews = [axe.Review("color-contrast", ("article",), "text on a flat background, checked by hand")]
    verdict = axe.judge(results, "site:/x/", "article", reviews)
    assert [problem.rule for problem in verdict.unreviewed] == ["axe-incomplete:aria-valid-attr-value"]
    assert [review.reason for _, review in verdict.reviewed] == ["text on a flat background, checked by hand"]
    # The same result on another page type is not covered by that review.
    assert len(axe.judge(results, "site:/", "index", reviews).unreviewed) == 2


def test_the_committed_review_file_is_valid_and_every_entry_has_a_reason():
    for review in axe.load_reviews():
        assert review.reason.strip() and review.page_types


def test_a_review_without_a_reason_is_rejected(tmp_path):
    path = tmp_path / "reviewed.json"
    path.write_text(json.dumps({"reviewed": [{"rule": "color-contrast", "page_types": ["*"], "reason": " "}]}))
    with pytest.raises(ValueError, match="entry 1"):
        axe.load_reviews(path)


def test_a_measurement_over_budget_is_reported_per_kind():
    measurement = budgets.Measurement(bytes={"html": 50_000, "font": 10_000, "image": 1_000}, requests=20)
    problems = budgets.check_budget(measurement, {"html": 40_000, "total": 55_000, "requests": 12, "font": 20_000}, "p")
    assert {problem.rule for problem in problems} == {"budget-html", "budget-total", "budget-requests"}


def test_every_page_type_has_a_budget_for_every_kind():
    limits = budgets.load_budgets("article")
    assert set(limits) == {"html", "css", "js", "font", "image", "total", "requests"}


def test_lighthouse_below_100_names_the_audit_and_the_element():
    lhr = {
        "categories": {
            "accessibility": {
                "score": 0.9,
                "auditRefs": [{"id": "image-alt", "weight": 10}, {"id": "ok", "weight": 1}],
            },
            "best-practices": {"score": 1, "auditRefs": []},
            "seo": {"score": 1, "auditRefs": []},
            "performance": {"score": 0.42, "auditRefs": []},
        },
        "audits": {
            "image-alt": {
                "id": "image-alt",
                "title": "Image elements do not have [alt] attributes",
                "score": 0,
                "details": {"items": [{"node": {"type": "node", "snippet": '<img src="a.png">'}}]},
            },
            "ok": {"id": "ok", "title": "fine", "score": 1},
            "cumulative-layout-shift": {"id": "cumulative-layout-shift", "score": 1, "numericValue": 0},
        },
    }
    problems = lighthouse.judge(lhr, "site:/")
    assert [(problem.rule, problem.element) for problem in problems] == [
        ("lighthouse:accessibility:image-alt", '<img src="a.png">')
    ]
    assert "performance" not in report("Lighthouse", problems)  # reported, never asserted


@pytest.mark.parametrize("shift", [0.05, None], ids=["shifted", "not measured"])
def test_lighthouse_fails_a_layout_shift_or_a_report_without_one(shift):
    lhr = {
        "categories": {key: {"score": 1, "auditRefs": []} for key in ("accessibility", "best-practices", "seo")},
        "audits": {} if shift is None else {"cumulative-layout-shift": {"score": 0.9, "numericValue": shift}},
    }
    problems = lighthouse.judge(lhr, "site:/")
    assert [problem.rule for problem in problems] == ["lighthouse:cumulative-layout-shift"]


def test_a_lighthouse_runtime_error_fails():
    problems = lighthouse.judge({"runtimeError": {"code": "NO_FCP", "message": "no paint"}}, "site:/")
    assert [problem.rule for problem in problems] == ["lighthouse-runtime"]
