"""Deploying a build into a releases/current layout (sitebuild.deploy, deploy/activate.py).

Fake sites into local folders, and into "remote" ones through a stand-in for ssh; no build, no nginx
(tests/test_production.py serves a real production build).
"""

from __future__ import annotations

import os

import sitebuild
import sitebuild.deploy
from tests.support.releases import fake_site, install_fake_ssh, private_site, unreadable_by_others


def test_a_release_keeps_the_previous_releases_assets_for_one_release(tmp_path):
    root = tmp_path / "deploy"
    hashes = ["a" * 10, "b" * 10, "c" * 10]
    for number, css_hash in enumerate(hashes):
        sitebuild.deploy.deploy_local(fake_site(tmp_path / f"site-{number}", css_hash), root, f"r{number}")
    current = root / "current"
    assert current.is_symlink() and current.resolve() == (root / "releases" / "r2").resolve()
    css = {path.name for path in (current / "theme" / "css").iterdir()}
    assert css == {
        f"main.{hashes[2]}.css",
        f"main.{hashes[2]}.css.gz",
        f"main.{hashes[1]}.css",
        f"main.{hashes[1]}.css.gz",
    }
    assert sorted(path.name for path in (root / "releases").iterdir()) == ["r1", "r1.assets", "r2", "r2.assets"]
    # What r2 inherited is not passed on: r2's manifest lists its own files only.
    assert (root / "releases" / "r2.assets").read_text(encoding="utf-8").split() == [
        f"theme/css/main.{hashes[2]}.css",
        f"theme/css/main.{hashes[2]}.css.gz",
    ]


def test_a_remote_deploy_uploads_with_rsync_and_switches_with_activate_on_the_host(tmp_path, monkeypatch):
    """user@host:path: the same steps through ssh and rsync (ssh replaced by a local stand-in)."""
    install_fake_ssh(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    root = tmp_path / "srv" / "batteryregion"
    hashes = ["d" * 10, "e" * 10]
    for number, css_hash in enumerate(hashes):
        site = private_site(tmp_path / f"site-{number}", css_hash)
        # Each build writes every file anew: the same robots.txt, another time.
        os.utime(site / "robots.txt", (1_700_000_000 + number, 1_700_000_000 + number))
        sitebuild.deploy.deploy_remote(site, "deploy@host.invalid", str(root), f"r{number}")
    current = root / "current"
    assert current.is_symlink() and current.resolve() == (root / "releases" / "r1").resolve()
    assert (current / "index.html").read_text(encoding="utf-8") == f"<link href=/theme/css/main.{hashes[1]}.css>"
    assert (current / "theme" / "css" / f"main.{hashes[0]}.css").is_file(), "the previous release's asset is kept"
    # rsync linked the unchanged file to the live release instead of sending it again.
    assert (root / "releases" / "r0" / "robots.txt").stat().st_ino == (current / "robots.txt").stat().st_ino
    assert not unreadable_by_others(root / "releases" / "r1")
