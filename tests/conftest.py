"""Shared fixtures, and the test tiers: every test is exactly one of `unit`, `integration`, `slow`, `browser`.

A test gets its tier from a fixture it uses (`FIXTURE_TIERS`), its module's `pytestmark` or its own mark;
collection stops on a test with no tier or two. A `unit` test may start no process and open no network
connection: the `_unit_starts_nothing` fixture refuses both and fails the test that tried.
"""

from __future__ import annotations

import _posixsubprocess
import os
import socket
import subprocess
from collections.abc import Iterator

import pytest
from support import ROOT

from mlexam.course.coursedir import Course

TIERS = ("unit", "integration", "slow", "browser")
# Fixtures that start what puts a test in a tier (a class graded by nbgrader, a Dask cluster, make in a chroot,
# JupyterLab and Chromium).
FIXTURE_TIERS = {
    "graded": "slow",
    "dask_cluster": "slow",
    "machine": "integration",
    "lab": "browser",
    "browser": "browser",
}


@pytest.fixture(scope="session")
def course() -> Course:
    return Course(ROOT)


def tiers_of(item: pytest.Item) -> set[str]:
    return {mark.name for mark in item.iter_markers() if mark.name in TIERS}


WRONG_TIER = pytest.StashKey[str]()
NEEDS_ONE = f"each test needs exactly one tier of {', '.join(TIERS)} (see tests/conftest.py)"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test with its fixtures' tiers, then refuse any test with no tier or more than one."""
    wrong = []
    for item in items:
        for name in getattr(item, "fixturenames", ()):
            if name in FIXTURE_TIERS:
                item.add_marker(FIXTURE_TIERS[name])
        if len(tiers := tiers_of(item)) != 1:
            item.stash[WRONG_TIER] = f"{item.nodeid}: {', '.join(sorted(tiers)) or 'no tier'}"
            wrong.append(f"  {item.stash[WRONG_TIER]}")
    if wrong and not hasattr(config, "workerinput"):  # an xdist worker cannot stop the run legibly
        raise pytest.UsageError(f"{NEEDS_ONE}:\n" + "\n".join(wrong))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if WRONG_TIER in item.stash:  # under xdist, where collection went on
        pytest.fail(f"{NEEDS_ONE}: {item.stash[WRONG_TIER]}", pytrace=False)


class StartRefused(RuntimeError):
    """What a unit test gets when it tries to start a process or connect over the network."""


CALL = pytest.StashKey[pytest.TestReport]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[pytest.TestReport]:
    report = yield
    if report.when == "call":
        item.stash[CALL] = report
    return report


@pytest.fixture(autouse=True)
def _unit_starts_nothing(request: pytest.FixtureRequest) -> Iterator[None]:
    if "unit" not in tiers_of(request.node):
        yield
        return
    tried: list[str] = []

    def refuse(what: str):
        def refused(*args, **kwargs):
            tried.append(what)
            raise StartRefused(f"a unit test may not {what} (mark it integration)")

        return refused

    def connect(original):
        def checked(sock: socket.socket, address, *args):
            if sock.family in (socket.AF_INET, socket.AF_INET6):
                return refuse(f"connect to {address}")()
            return original(sock, address, *args)

        return checked

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess.Popen, "_execute_child", refuse("start a process"))
        patch.setattr(_posixsubprocess, "fork_exec", refuse("start a process"))
        for name in ("fork", "forkpty", "posix_spawn", "posix_spawnp", "system"):
            patch.setattr(os, name, refuse(f"call os.{name}"))
        patch.setattr(socket.socket, "connect", connect(socket.socket.connect))
        patch.setattr(socket.socket, "connect_ex", connect(socket.socket.connect_ex))
        yield
    if tried and request.node.stash.get(CALL, None) and request.node.stash[CALL].passed:  # it swallowed the refusal
        pytest.fail(f"this unit test tried to {'; '.join(dict.fromkeys(tried))}", pytrace=False)
