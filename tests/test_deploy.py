"""Deploying a build into a releases/current layout (sitebuild.deploy, deploy/activate.py), and surviving faults.

Fake sites into local folders, and into "remote" ones through stand-ins for ssh and rsync, and the session's
production build into a local folder; no nginx (tests/test_nginx.py serves a deployed production build). A
publish is killed at every change it makes to the filesystem (tests/support/faults.py): after each kill,
`current` must be one complete release, the old one or the new one, and the next publish must go live and leave
nothing of the killed one.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

import sitebuild
import sitebuild.deploy
from tests.support import faults
from tests.support.releases import (
    FAKE_SSH,
    fake_site,
    install_fake_ssh,
    leftovers,
    live_release,
    private_site,
    tree,
    unreadable_by_others,
)

# The killed publish and the next one, after a history of releases that went live normally.
KILLED, NEXT = "r2", "r3"
HISTORIES = {"first publish": [], "third publish": ["r0", "r1"]}
# deploy_local in a process of its own, so that the upload itself can be killed.
DEPLOY_LOCAL = (
    "import sys; from pathlib import Path; from sitebuild.deploy import deploy_local;"
    " deploy_local(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])"
)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """One fake build per release name, each with its own fingerprinted stylesheet."""
    folder = tmp_path_factory.mktemp("sites")
    return {name: fake_site(folder / name, name[-1] * 10) for name in ["r0", "r1", KILLED, NEXT]}


def _deployed(root: Path, sites: dict[str, Path], names: list[str], deploy=sitebuild.deploy.deploy_local) -> Path:
    """A target where the releases `names` went live one after another, without a fault."""
    root.mkdir(parents=True)
    for name in names:
        deploy(sites[name], root, name)
    return root


def _copy(template: Path, root: Path) -> Path:
    return shutil.copytree(template, root, symlinks=True)


def _reference(
    template: Path, root: Path, sites: dict[str, Path], names: list[str], deploy=sitebuild.deploy.deploy_local
):
    """{release: its tree} for those of `template` and for `names` deployed after them, all without a fault."""
    root = _copy(template, root)
    trees = {release.name: tree(release) for release in (root / "releases").glob("[!.]*") if release.is_dir()}
    for name in names:
        deploy(sites[name], root, name)
        trees[name] = tree(root / "releases" / name)
    return trees


def _assert_one_complete_release_is_live(root: Path, live: str | None, trees: dict, fault: str) -> None:
    """`current` at `live`, and every release folder (no leading dot) complete: what a fault-free deploy gives."""
    assert live_release(root) == live, f"killed at {fault}"
    if live:
        assert tree(root / "current") == trees[live], f"killed at {fault}: current is not complete"
    for release in (root / "releases").glob("[!.]*"):
        if release.is_dir():
            assert tree(release) == trees[release.name], f"killed at {fault}: {release.name} is not complete"


def _assert_the_next_publish_cleans_up(
    root: Path, sites, previous: str | None, expected: dict, fault: str, deploy=sitebuild.deploy.deploy_local
) -> None:
    deploy(sites[NEXT], root, NEXT)
    assert live_release(root) == NEXT, f"after a kill at {fault}"
    assert tree(root / "current") == expected[NEXT], f"after a kill at {fault}"
    kept = [NEXT, previous] if previous else [NEXT]
    assert sorted(path.name for path in (root / "releases").iterdir()) == sorted(
        [*kept, *(f"{name}.assets" for name in kept)]
    ), f"after a kill at {fault}: the live release, the one before it (rollback) and their lists only"
    assert not leftovers(root), f"after a kill at {fault}"


# Deploying -------------------------------------------------------------------------------------------


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


def test_the_next_publish_removes_what_killed_publishes_left_and_keeps_the_rollback(tmp_path, sites):
    root = _deployed(tmp_path / "deploy", sites, ["r0", "r1"])
    releases = root / "releases"
    # What kills at different steps leave: an upload, its list, a release never switched to, a list without
    # its release, a temporary link, a release half removed.
    shutil.copytree(sites["r0"], releases / ".r8.partial")
    (releases / "r8.assets").write_text("theme/css/main.8888888888.css\n", encoding="utf-8")
    shutil.copytree(releases / "r1", releases / "r9")
    (releases / "r7.assets").write_text("", encoding="utf-8")
    (root / ".current.4242").symlink_to("releases/r9")
    shutil.copytree(releases / "r0", releases / ".r0.removing")
    sitebuild.deploy.deploy_local(sites[KILLED], root, KILLED)
    assert live_release(root) == KILLED
    assert sorted(path.name for path in releases.iterdir()) == ["r1", "r1.assets", "r2", "r2.assets"]
    assert not leftovers(root)


# Killed publishes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("history", HISTORIES.values(), ids=HISTORIES.keys())
def test_a_publish_killed_during_its_upload_leaves_the_live_release_alone(tmp_path, sites, history):
    """Killed at each change deploy_local makes before it starts the activation: the folder, each file, its mode."""
    template = _deployed(tmp_path / "template", sites, history)
    with_kill = _reference(template, tmp_path / "with-kill", sites, [KILLED, NEXT])
    without = _reference(template, tmp_path / "without", sites, [NEXT])

    def publish(root: Path, kill_at: int, log: Path) -> subprocess.CompletedProcess:
        command = [sys.executable, "-c", DEPLOY_LOCAL, str(sites[KILLED]), str(root), KILLED]
        env = {**os.environ, **faults.environment(kill_at, log)}
        return subprocess.run(command, cwd=sitebuild.ROOT, env=env, capture_output=True, text=True, check=False)

    counted = tmp_path / "counted"
    assert publish(_copy(template, counted), 0, tmp_path / "counted.log").returncode == 0
    upload = [change for change in faults.changes(tmp_path / "counted.log", counted) if change.program == "-c"]
    assert any(change.call == "open(wb)" for change in upload), "the upload's files are among the changes"
    previous = history[-1] if history else None
    for number, change in enumerate(upload, start=1):
        root, log = _copy(template, tmp_path / f"killed-{number}"), tmp_path / f"{number}.log"
        result = publish(root, number, log)
        assert result.returncode == -9, f"not killed before {change}: {result.stderr}"
        assert faults.changes(log, root)[-1] == change
        _assert_one_complete_release_is_live(root, previous, with_kill, str(change))
        _assert_the_next_publish_cleans_up(root, sites, previous, without, str(change))


@pytest.mark.parametrize("history", HISTORIES.values(), ids=HISTORIES.keys())
def test_a_publish_killed_at_any_change_of_its_activation_leaves_one_complete_release_live(tmp_path, sites, history):
    """Killed at each change activate.py makes: the old release is live up to the switch, the new one from it on.

    The changes run from taking the lock and copying the live release's assets, through renaming the upload
    (just before the switch) and the switch itself, to every removal after it (pruning, just after the switch).
    """
    template = _deployed(tmp_path / "template", sites, history)
    with_kill = _reference(template, tmp_path / "with-kill", sites, [KILLED, NEXT])
    without = _reference(template, tmp_path / "without", sites, [NEXT])

    def publish(root: Path, kill_at: int, log: Path) -> None:
        # deploy_local as it is, in this process; the activation it starts is killed at its kill_at-th change.
        with mock.patch.dict(os.environ, faults.environment(kill_at, log)):
            sitebuild.deploy.deploy_local(sites[KILLED], root, KILLED)

    counted = _copy(template, tmp_path / "counted")
    publish(counted, 0, tmp_path / "counted.log")
    activation = faults.changes(tmp_path / "counted.log", counted)
    assert {change.program for change in activation} == {"activate.py"}
    switch = next(
        number
        for number, change in enumerate(activation, start=1)
        if change.call == "replace" and change.paths[-1] == "current"
    )
    # Just before the switch: the upload renamed to its release, a temporary link to it; then the one rename.
    assert [(change.call, change.paths) for change in activation[switch - 3 : switch]] == [
        ("rename", (f"releases/.{KILLED}.partial", f"releases/{KILLED}")),
        ("symlink", (f"releases/{KILLED}", ".current.PID")),
        ("replace", (".current.PID", "current")),
    ]
    if history:
        assert len(activation) > switch, "the previous release's predecessor is removed after the switch"
    previous = history[-1] if history else None
    for number, change in enumerate(activation, start=1):
        root, log = _copy(template, tmp_path / f"killed-{number}"), tmp_path / f"{number}.log"
        with pytest.raises(subprocess.CalledProcessError) as killed:
            publish(root, number, log)
        assert killed.value.returncode == -9, f"not killed before {change}"
        assert faults.changes(log, root)[-1] == change
        live = previous if number <= switch else KILLED
        _assert_one_complete_release_is_live(root, live, with_kill, str(change))
        if live == KILLED and previous:
            assert {previous, f"{previous}.assets"} <= {path.name for path in (root / "releases").iterdir()}, (
                f"killed before {change}: the release before the live one is kept for a rollback"
            )
        _assert_the_next_publish_cleans_up(root, sites, live, with_kill if live == KILLED else without, str(change))


# Prepended to the stand-ins for ssh and rsync: they die at the KILL_AT_COMMAND-th command run through either
# (counted in COMMANDS_LOG), ssh before the command runs on the host (rsync's own connection included), rsync
# after it uploaded part of the release. rsync's server end, on the "host", is not counted.
KILLABLE = """#!/bin/sh
[ "$1" = "--server" ] && exec RSYNC "$@"
echo "$0 $*" >> "$COMMANDS_LOG"
if [ "$(wc -l < "$COMMANDS_LOG")" -eq "${KILL_AT_COMMAND:-0}" ]; then
  case "$0" in
    */rsync) RSYNC --exclude=index.html "$@" ;;
  esac
  kill -9 $$
fi
"""


def _deploy_remote(site: Path, root: Path, release: str) -> None:
    sitebuild.deploy.deploy_remote(site, "deploy@host.invalid", str(root), release)


def test_a_remote_publish_killed_at_any_command_leaves_the_live_release_alone(tmp_path, sites, monkeypatch):
    """Killed at each ssh and rsync command: making the folder, the upload (halfway), its list, the activation."""
    rsync = shutil.which("rsync")
    killable = KILLABLE.replace("RSYNC", rsync)
    install_fake_ssh(tmp_path / "bin", FAKE_SSH.replace("#!/bin/sh\n", killable, 1))
    (tmp_path / "bin" / "rsync").write_text(f'{killable}exec {rsync} "$@"\n', encoding="utf-8")
    (tmp_path / "bin" / "rsync").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    monkeypatch.setenv("COMMANDS_LOG", str(tmp_path / "commands.log"))
    history = HISTORIES["third publish"]
    template = _deployed(tmp_path / "template", sites, history, _deploy_remote)
    with_kill = _reference(template, tmp_path / "with-kill", sites, [KILLED, NEXT], _deploy_remote)
    without = _reference(template, tmp_path / "without", sites, [NEXT], _deploy_remote)

    def commands(log: Path, root: Path) -> list[str]:
        return log.read_text(encoding="utf-8").replace(str(root), "ROOT").splitlines()

    counted = _copy(template, tmp_path / "counted")
    monkeypatch.setenv("COMMANDS_LOG", str(tmp_path / "counted.log"))
    _deploy_remote(sites[KILLED], counted, KILLED)
    run = commands(tmp_path / "counted.log", counted)
    # The folder, the upload (rsync, and the connection it opens), the list of assets, the activation.
    assert [command.split()[0].rsplit("/", 1)[-1] for command in run] == ["ssh", "rsync", "ssh", "ssh", "ssh"]
    for number, command in enumerate(run, start=1):
        root, log = _copy(template, tmp_path / f"killed-{number}"), tmp_path / f"{number}.log"
        monkeypatch.setenv("COMMANDS_LOG", str(log))
        monkeypatch.setenv("KILL_AT_COMMAND", str(number))
        with pytest.raises(subprocess.CalledProcessError):
            _deploy_remote(sites[KILLED], root, KILLED)
        assert commands(log, root)[number - 1] == command
        monkeypatch.delenv("KILL_AT_COMMAND")
        _assert_one_complete_release_is_live(root, history[-1], with_kill, command)
        _assert_the_next_publish_cleans_up(root, sites, history[-1], without, command, _deploy_remote)


def test_an_activation_waits_for_the_one_running(tmp_path, sites):
    """Two activations never interleave: the second waits for the first's lock, then goes live."""
    root = _deployed(tmp_path / "deploy", sites, ["r0"])
    # An upload without its activation: the publish killed as its activation was about to take the lock.
    killed = mock.patch.dict(os.environ, faults.environment(1, tmp_path / "killed.log"))
    with killed, pytest.raises(subprocess.CalledProcessError):
        sitebuild.deploy.deploy_local(sites["r1"], root, "r1")
    with open(root / ".activate.lock", "a", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        activation = subprocess.Popen(
            [sys.executable, str(sitebuild.deploy.ACTIVATE), str(root), "r1"], stdout=subprocess.PIPE, text=True
        )
        assert activation.stdout.readline() == f"{root}: waiting for another activation to finish\n"
        assert live_release(root) == "r0" and (root / "releases" / ".r1.partial").is_dir()
    assert activation.wait() == 0
    activation.stdout.close()
    assert live_release(root) == "r1"


def test_a_local_release_is_readable_by_the_web_servers_user(tmp_path, production_site):
    root = tmp_path / "deploy"
    sitebuild.deploy.deploy_local(production_site, root, "built")
    sitebuild.deploy.deploy_local(private_site(tmp_path / "private", "f" * 10), root, "private")
    assert not unreadable_by_others(root / "releases" / "built")
    assert not unreadable_by_others(root / "releases" / "private")
