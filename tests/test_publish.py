"""The nightly publish: `invoke publish --now ...` of an unchanged commit, end to end into a local folder.

CI publishes main every night with NOW= the run's time, long after the last commit: past events must move,
the site must stay honest, and nothing that only ages (security.txt's expiry) may stop the publish.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import sitebuild
import sitebuild.deploy
import sitebuild.now
from tests.html import one, page, text

CONFERENCE = "/2022/06/30/slutkonferens/"
EVENTS = "/evenemang/"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _fake_release(folder: Path) -> Path:
    """The release a previous night left live (only its front page matters here)."""
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("<!doctype html><title>previous night</title>", encoding="utf-8")
    return folder


@pytest.mark.browser  # `invoke publish` runs the quality gates, which drive Chromium
def test_a_nightly_publish_long_after_the_last_commit_goes_live_and_says_what_has_aged(tmp_path):
    target = tmp_path / "live"
    sitebuild.deploy.deploy_local(_fake_release(tmp_path / "previous"), target, "previous-night")
    commit = datetime.fromtimestamp(int(sitebuild.now.source_date_epoch()), UTC)
    # Two years and a day after the commit, 02:17 Swedish time, written as CI writes NOW=.
    night = (commit + timedelta(days=731)).astimezone(STOCKHOLM).replace(hour=2, minute=17, second=0)
    now = f"{night:%Y-%m-%dT%H:%M}"
    environment = {key: value for key, value in os.environ.items() if key not in ("SOURCE_DATE_EPOCH", "TZ")}
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
