"""The README's `make demo` and `make test` set a fresh machine up: Debian packages (`make system-deps`), then .venv.

`system-deps` is run for real, from a copy of the Makefile, by a user who is not root (`nobody`, through
`setpriv`, when the tests run as root), with stand-ins for what it looks at (`CHROMIUM`, `BWRAP`, `PYTHON`,
`SUDO`, and an `apt-get` first on the PATH that only records its calls): nothing is installed and no package
list is fetched.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import ROOT

MAKE = shutil.which("make")
needs_make = pytest.mark.skipif(MAKE is None, reason="make is not installed")
NOBODY = 65534


@dataclass
class Machine:
    """A stand-in machine: `bin/` first on the PATH (an apt-get that records its calls), files for the checks."""

    root: Path
    calls: Path  # what apt-get and sudo were asked to do, one line each

    @property
    def bin(self) -> Path:
        return self.root / "bin"

    @property
    def repo(self) -> Path:
        """The Makefile and pyproject.toml, copied where `nobody` can read them (a clone may be in /root)."""
        return self.root / "repo"

    def script(self, name: str, body: str) -> Path:
        path = self.bin / name
        path.write_text("#!/bin/sh\n" + body)
        path.chmod(0o755)
        return path

    def recorded(self) -> list[str]:
        return self.calls.read_text().splitlines() if self.calls.exists() else []


@pytest.fixture
def machine() -> Iterator[Machine]:
    # not pytest's tmp_path: `nobody` must be able to run these scripts and write the record
    root = Path(tempfile.mkdtemp(prefix="mlexam-setup-"))
    try:
        root.chmod(0o755)
        (root / "bin").mkdir(mode=0o755)
        (root / "repo").mkdir(mode=0o755)
        for name in ("Makefile", "pyproject.toml"):
            shutil.copy(ROOT / name, root / "repo" / name)
            (root / "repo" / name).chmod(0o644)
        record = root / "record"
        record.mkdir()
        record.chmod(0o777)
        m = Machine(root, record / "calls")
        m.script("apt-get", f'echo "apt-get $*" >> {m.calls}\n')
        m.script("no-sudo", "exit 1\n")  # a user without passwordless sudo
        m.script("chromium", "exit 0\n")
        m.script("bwrap", "exit 0\n")
        m.script("python-without-venv", "exit 1\n")  # Debian's python3 before python3-venv
        yield m
    finally:
        shutil.rmtree(root, ignore_errors=True)


def make(machine: Machine, *args: str, user: int | None = NOBODY) -> subprocess.CompletedProcess[str]:
    """`make ARGS` with the repository's Makefile as `user` (nobody by default; as is when not root), PATH
    starting at `machine.bin`, the parent make's flags dropped."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    env["PATH"] = f"{machine.bin}:/usr/bin:/bin"
    cmd = [MAKE or "make", "--no-print-directory", "-C", str(machine.repo), *args]
    if user is not None and os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root, and no setpriv (util-linux) to be another user")
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)


def looks_for(machine: Machine, chromium: bool, bwrap: bool, venv: bool) -> list[str]:
    """The make variables that show each of Chromium, bubblewrap and a venv-capable Python as there or not."""
    missing = machine.root / "missing"
    return [
        f"CHROMIUM={machine.bin / 'chromium' if chromium else missing / 'chromium'}",
        f"BWRAP={machine.bin / 'bwrap' if bwrap else missing / 'bwrap'}",
        f"PYTHON={'python3' if venv else machine.bin / 'python-without-venv'}",
        f"VENV={machine.root / 'venv'}",  # a fresh one: not there yet
        f"SUDO={machine.bin / 'no-sudo'}",
    ]


@needs_make
def test_a_user_who_cannot_install_is_stopped_at_once_with_the_command_to_run(machine):
    started = time.monotonic()
    run = make(machine, "system-deps", *looks_for(machine, chromium=False, bwrap=False, venv=False))
    assert run.returncode != 0, run.stdout + run.stderr
    assert "sudo apt-get update && sudo apt-get install -y chromium bubblewrap python3-venv" in run.stderr
    assert "needs root" in run.stderr
    assert machine.recorded() == []  # nothing tried
    assert time.monotonic() - started < 30


@needs_make
@pytest.mark.parametrize("target", ["demo", "test"])
def test_make_demo_and_make_test_stop_before_building_the_venv(machine, target):
    run = make(machine, target, *looks_for(machine, chromium=True, bwrap=False, venv=True))
    assert run.returncode != 0, run.stdout + run.stderr
    assert "sudo apt-get install -y bubblewrap\n" in run.stderr  # only what is missing
    assert "-m venv" not in run.stdout + run.stderr and not (machine.root / "venv").exists()
    assert machine.recorded() == []


@needs_make
def test_nothing_to_do_when_everything_is_installed(machine):
    started = time.monotonic()
    run = make(machine, "system-deps", *looks_for(machine, chromium=True, bwrap=True, venv=True))
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == run.stderr == ""
    assert machine.recorded() == []  # no apt-get at all, not even an update
    assert time.monotonic() - started < 10


@needs_make
def test_passwordless_sudo_installs_what_is_missing(machine):
    # sudo that says yes to `sudo -n true` and records the rest; its "install" puts bwrap in place
    machine.script(
        "yes-sudo",
        f'[ "$*" = "-n true" ] && exit 0\necho "sudo $*" >> {machine.calls}\n'
        f'case "$*" in *"apt-get install"*) cp {machine.bin / "bwrap"} {machine.root / "missing" / "bwrap"};; esac\n',
    )
    (machine.root / "missing").mkdir(mode=0o777)
    (machine.root / "missing").chmod(0o777)
    options = [*looks_for(machine, chromium=True, bwrap=False, venv=True), f"SUDO={machine.bin / 'yes-sudo'}"]
    run = make(machine, "system-deps", *options)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Installing Debian packages: bubblewrap" in run.stdout
    assert machine.recorded() == [
        "sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq",
        "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap",
    ]
    again = make(machine, "system-deps", *options)  # now present: quick and silent
    assert again.returncode == 0 and again.stdout == "" and len(machine.recorded()) == 2


@needs_make
def test_root_installs_without_sudo(machine):
    if os.geteuid() != 0:
        pytest.skip("needs root")
    run = make(machine, "system-deps", *looks_for(machine, chromium=False, bwrap=True, venv=True), user=None)
    assert run.returncode == 0, run.stdout + run.stderr
    assert machine.recorded() == [  # the stand-in apt-get, first on the PATH
        "apt-get update -qq",
        "apt-get install -y -qq chromium",
    ]


@needs_make
def test_a_fresh_checkout_installs_system_packages_then_the_venv_then_runs(machine):
    """`make -n`: the order of the README's commands on a fresh venv (nothing is run)."""
    venv = machine.root / "venv"
    for target, last in (("demo", f"{venv}/bin/mlexam demo"), ("test", f"{venv}/bin/python -m pytest")):
        run = make(machine, "-n", target, f"VENV={venv}", "PYTHON=python3", user=None)
        assert run.returncode == 0, run.stderr
        order = ("apt-get install -y -qq", f"python3 -m venv {venv}", f"{venv}/bin/python -m pip install", last)
        steps = [run.stdout.index(s) for s in order]
        assert steps == sorted(steps), run.stdout


@needs_make
def test_make_help_lists_every_target_with_its_description(machine):
    run = make(machine, "help", user=None)
    assert run.returncode == 0, run.stderr
    phony = re.search(r"^\.PHONY:(.*)$", (machine.repo / "Makefile").read_text(), re.MULTILINE)
    assert phony is not None
    listed = dict(re.findall(r"^  (\S+) +(\S.*)$", run.stdout, re.MULTILINE))
    assert set(listed) == set(phony.group(1).split())
    assert all(len(line) <= 80 for line in run.stdout.splitlines())
    assert "bubblewrap" in listed["system-deps"] and "sample class" in listed["demo"]


@pytest.mark.unit
def test_ci_sets_up_through_the_makefile_and_lints():
    ci = ROOT / ".ci" / "run"
    assert ci.stat().st_mode & stat.S_IXUSR
    commands = [line.strip() for line in ci.read_text().splitlines() if line.strip().startswith("make ")]
    assert commands == ["make system-deps", "make lint", "make test"]
    assert "apt-get" not in ci.read_text()  # one place installs system packages: the Makefile
