"""Why a submission could not be graded, in words, and the failed result that records it.

A failed result has zero for every autograded cell, each flagged for a person, and the reason. The reason comes
from how the grading process ended (`no_result_reason`: the deadline, a crash) or, when it ended normally but
nbgrader graded nothing, from how the kernel ended and nbgrader's log (`failure_reason`).
"""

from __future__ import annotations

import json
import os
import re
import socket
import threading
from pathlib import Path

from mlexam.course.grading.kernel import describe
from mlexam.course.grading.sandbox import KernelEnd
from mlexam.course.grading.tasks import FAILED, Result, Sandbox, Task, ZygoteReply, now, zero_notebooks

MAX_REASON = 500


def worker_name() -> str:
    """Host, process and thread: one name per grading slot (local threads, Dask worker threads)."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"


def failed(task: Task, reason: str, started: str, seconds: float, sandbox: Sandbox, log_tail: str = "") -> Result:
    """A failed result: zero for every autograded cell, the reason, the end of the log."""
    return Result(
        assignment=task.assignment,
        student=task.student,
        status=FAILED,
        reason=reason[:MAX_REASON],
        notebooks=zero_notebooks(task.spec),
        seconds=seconds,
        started=started,
        finished=now(),
        worker=worker_name(),
        sandbox=sandbox,
        log_tail=log_tail,
    )


def tail(path: Path, lines: int = 30) -> str:
    """The last `lines` lines of a log ("" if it cannot be read)."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def no_result_reason(task: Task, reply: ZygoteReply) -> str:
    """Why a grading process left no result, from the zygote's reply (see `zygote`), in words."""
    if reply.get("timed_out"):
        return f"timed out: still running after {task.limits.timeout:g} s, the deadline for one submission"
    if reply.get("error"):
        return str(reply["error"])
    code = reply.get("returncode")
    if code is None:
        return "the grading process did not report"
    return f"the grading process crashed ({describe(code)})"


def kernel_ended(reason: str) -> bool:
    """Whether a failure reason says the kernel was killed or ended itself (a sign worth a tamper flag)."""
    return "kernel" in reason and any(w in reason for w in ("killed", "exited", "died", "ended"))


def failure_reason(status_file: Path, log: Path, task: Task) -> str:
    """Why nbgrader could not grade the submission: how its kernel ended (the launcher's status file, see
    `kernel`), else nbgrader's own error."""
    log_text = tail(log, 200)
    ends: list[KernelEnd] = []
    if status_file.exists():
        ends = [json.loads(line) for line in status_file.read_text().splitlines() if line.strip()]
    abnormal = [e for e in ends if e["returncode"] != 0]
    dead = "DeadKernelError" in log_text or "Kernel died" in log_text
    if abnormal:
        how = describe(abnormal[-1]["returncode"])
        if "SIGXCPU" in how:
            return f"the kernel used more than {task.limits.cpu_seconds} s of CPU time and was stopped ({how})"
        if "SIGKILL" in how:
            return f"the kernel was killed ({how}): the notebook killed it, or it ran out of memory"
        if how.startswith("exited"):
            return f"the kernel {how}: the notebook ended its own process (exit, os._exit, a crash)"
        return f"the kernel died ({how})"
    if dead and ends:
        return "the kernel exited before the notebook finished (exit code 0: the notebook called os._exit or exit)"
    if dead:
        return "the kernel died: its launcher was killed (the notebook killed its parent process?)"
    if "UnresponsiveKernelError" in log_text or "CellTimeoutError" in log_text:
        return "a cell ran past the per-cell timeout and the kernel could not be interrupted"
    if "MemoryError" in log_text:
        return "nbgrader ran out of memory: the notebook's output is too large"
    errors = [line for line in log_text.splitlines() if re.match(r"^[\w.]*(Error|Exception): ", line)]
    return "nbgrader could not grade it: " + (errors[-1].strip() if errors else "see the grading log")
