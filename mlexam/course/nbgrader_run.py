"""Run real nbgrader commands in a course folder, with progress read from nbgrader's own log."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import deque
from collections.abc import Callable
from pathlib import Path

STUDENT_STARTED = re.compile(r"Creating/updating student with ID '([^']+)'")
STUDENT_FAILED = re.compile(r"error processing assignment '[^']+' for student '([^']+)'")


class NbgraderError(RuntimeError):
    """An nbgrader command that exited with an error; the message ends with its last log lines."""


def grading_env() -> dict[str, str]:
    """The environment for nbgrader and its kernels: this Python's tools first, one thread each."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env[var] = "1"
    env["MPLBACKEND"] = "Agg"
    env["PYTHONWARNINGS"] = "ignore::DeprecationWarning"
    return env


def nbgrader(root: Path, *args: str, on_line: Callable[[str], None] | None = None) -> list[str]:
    """Run `nbgrader ARGS` in `root`; return its log lines; raise NbgraderError if it fails."""
    cmd = [sys.executable, "-m", "nbgrader", *args]
    tail: deque[str] = deque(maxlen=40)
    lines: list[str] = []
    with subprocess.Popen(
        cmd,
        cwd=root,
        env=grading_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            line = line.rstrip("\n")
            lines.append(line)
            tail.append(line)
            if on_line:
                on_line(line)
    if proc.returncode != 0:
        raise NbgraderError(f"`nbgrader {' '.join(args)}` failed in {root}:\n" + "\n".join(tail))
    return lines


def autograde(
    root: Path,
    assignment: str,
    on_student: Callable[[str], None] | None = None,
    force: bool = True,
) -> set[str]:
    """Autograde every submission of `assignment` in one nbgrader run; return students it failed.

    `on_student(student)` is called as each submission is finished, for a progress bar.
    """
    failed: set[str] = set()
    current: list[str] = []

    def watch(line: str) -> None:
        if m := STUDENT_FAILED.search(line):
            failed.add(m.group(1))
        if m := STUDENT_STARTED.search(line):
            if current and on_student:
                on_student(current[-1])
            current.append(m.group(1))

    args = ["autograde", assignment, *(["--force"] if force else [])]
    try:
        nbgrader(root, *args, on_line=watch)
    except NbgraderError:
        if not failed:
            raise
    if current and on_student:
        on_student(current[-1])
    return failed
