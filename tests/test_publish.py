"""`invoke publish`: a production build, its gates (the content check and the quality gates), then a deploy.

Nothing is deployed when the build or a gate fails; the build and the `check` gate are for one moment. The
nightly publish runs `invoke publish --now ...` of an unchanged commit end to end into a local folder: CI
publishes main every night with NOW= the run's time, long after the last commit: past events must move, the
site must stay honest, and nothing that only ages (security.txt's expiry) may stop the publish.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import sitebuild
import sitebuild.deploy
import sitebuild.now
from tests.support.html import one, page, text
from tests.support.releases import fake_site

CONFERENCE = "/2022/06/30/slutkonferens/"
EVENTS = "/evenemang/"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in ("SOURCE_DATE_EPOCH", "TZ")}


def _fake_release(folder: Path) -> Path:
    """The release a previous night left live (only its front page matters here)."""
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("<!doctype html><title>previous night</title>", encoding="utf-8")
    return folder


@pytest.mark.build
@pytest.mark.browser  # `invoke publish` runs the quality gates, which drive Chromium
def test_a_nightly_publish_long_after_the_last_commit_goes_live_and_says_what_has_aged(tmp_path):
    target = tmp_path / "live"
    sitebuild.deploy.deploy_local(_fake_release(tmp_path / "previous"), target, "previous-night")
    commit = datetime.fromtimestamp(int(sitebuild.now.source_date_epoch()), UTC)
    # Two years and a day after the commit, 02:17 Swedish time, written as CI writes NOW=.
    night = (commit + timedelta(days=731)).astimezone(STOCKHOLM).replace(hour=2, minute=17, second=0)
    now = f"{night:%Y-%m-%dT%H:%M}"
    environment = _environment()
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "publish", "--target", str(target), "--now", now],
        cwd=sitebuild.ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    # The summary says which moment it built for and what the owner should renew; it did not stop for it.
    assert f"built for {now}" in result.stdout
    expired = f"note: security.txt expired on {commit + timedelta(days=365):%Y-%m-%d}"
    assert expired in result.stdout
    live = (target / "current").resolve()
    assert live.parent == (target / "releases").resolve() and live.name != "previous-night"
    assert (target / "releases" / "previous-night").is_dir(), "the previous release stays for a rollback"
    # The site is as of that night: the events page says so and lists the conference as past.
    events = page(live, EVENTS)
    updated = one(events, "//p[contains(@class, 'br-events__updated')]//time")
    assert updated.get("datetime") == f"{night:%Y-%m-%d}"
    past = one(events, "//section[@aria-labelledby='br-events-past']")
    assert past.xpath(f".//a[@href='{CONFERENCE}' or @href='https://batteryregion.eu{CONFERENCE}']")
    conference = page(live, CONFERENCE)
    assert [text(p) for p in conference.xpath("//main//p[contains(@class, 'br-event-facts__passed')]")] == [
        "Evenemangets datum har passerat."
    ]
    # security.txt keeps the date it was given: expired, which says truthfully that nobody renewed it.
    fields = dict(
        line.split(": ", 1)
        for line in (live / ".well-known" / "security.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert expires == commit + timedelta(days=365) < night


def test_publish_deploys_nothing_when_the_build_fails(tmp_path):
    target = tmp_path / "deploy"
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "publish", "--target", str(target)],
        cwd=sitebuild.ROOT,
        env={**_environment(), "SOURCE_DATE_EPOCH": "not-a-time"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "SOURCE_DATE_EPOCH is 'not-a-time'" in result.stderr
    assert "Nothing was deployed." in result.stderr
    assert not (target / "current").exists()


def _build_stand_in(seen: dict):
    """sitebuild.build.run_build replaced by a fake site written where the build would be (its `now` recorded)."""

    def build(output: Path, settings: Path, now: str | None = None, **_options) -> dict[str, int]:
        seen["build"] = now
        fake_site(output, "b" * 10)
        return {"sv": 1, "fi": 0}

    return build


@pytest.mark.parametrize("failing", ["check", "verify"])
def test_a_failing_gate_deploys_nothing_and_the_live_release_stays(tmp_path, monkeypatch, failing):
    root = tmp_path / "deploy"
    sitebuild.deploy.deploy_local(fake_site(tmp_path / "live", "a" * 10), root, "live")
    before = sorted(path.name for path in (root / "releases").iterdir())
    monkeypatch.setattr(sitebuild.deploy, "run_build", _build_stand_in({}))
    # The gates as commands that pass or fail like the real ones: `check` first, then `verify`.
    ran = tmp_path / "ran"
    gates = {name: f"echo {name} >> {ran}; exit {3 if name == failing else 0}" for name in ("check", "verify")}
    monkeypatch.setattr(sitebuild.deploy, "publish_gates", lambda site, now=None: list(gates.values()))
    with pytest.raises(sitebuild.deploy.PublishError) as failed:
        sitebuild.deploy.publish(target=str(root))
    assert f"`{gates[failing]}` failed: nothing was deployed" in str(failed.value)
    assert ran.read_text(encoding="utf-8").split() == (["check"] if failing == "check" else ["check", "verify"])
    assert (root / "current").resolve() == (root / "releases" / "live").resolve()
    assert sorted(path.name for path in (root / "releases").iterdir()) == before
    assert (root / "current" / "index.html").read_text(
        encoding="utf-8"
    ) == f"<link href=/theme/css/main.{'a' * 10}.css>"


def test_publish_builds_and_checks_for_one_moment(tmp_path, monkeypatch):
    """Without --now, the build and the `check` gate both get the source's date, worked out once."""
    seen: dict = {}
    monkeypatch.setattr(sitebuild.deploy, "run_build", _build_stand_in(seen))

    def gates(site: Path, now: str | None = None) -> list[str]:
        seen["gates"] = now
        return ["true"]

    monkeypatch.setattr(sitebuild.deploy, "publish_gates", gates)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2022, 10, 1, 12, 0, tzinfo=UTC).timestamp())))
    sitebuild.deploy.publish(target=str(tmp_path / "deploy"))
    assert seen == {"build": "2022-10-01T14:00:00+02:00", "gates": "2022-10-01T14:00:00+02:00"}
    sitebuild.deploy.publish(target=str(tmp_path / "deploy-2"), now="2026-11-28T02:17")
    assert seen == {"build": "2026-11-28T02:17", "gates": "2026-11-28T02:17"}


def test_the_gates_are_the_content_check_at_the_builds_moment_then_the_quality_gates_on_that_build(tmp_path):
    """What `invoke publish` runs between build and deploy, in order: `check` (with the build's --now when one is
    given: the nightly publish checks content as of the night it builds for), then `verify` on that build."""
    site = tmp_path / "site"
    for now, check in ((None, ["check"]), ("2026-11-28T02:17", ["check", "--now", "2026-11-28T02:17"])):
        commands = [shlex.split(gate) for gate in sitebuild.deploy.publish_gates(site, now)]
        tasks = [command[command.index(str(sitebuild.ROOT)) + 1 :] for command in commands]
        assert tasks == [check, ["verify", "--site-dir", str(site)]]
