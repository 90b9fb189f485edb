"""A per-worker process with nbgrader already imported, forking one grading process per submission.

Importing nbgrader costs seconds of CPU; a fresh process per submission would pay it every time, and grading
in the worker's own process (a thread of the coordinator, a Dask worker) would let one bad submission take it
down. The zygote pays it once and forks a child per submission (`grading`: cheap, isolated, killable as a process
group at the deadline). The worker starts it with `subprocess` (so it also works inside Dask's daemonic worker
processes; see `worker.Zygote`) and they speak JSON lines: a `tasks.ZygoteRequest` in (paths, deadline, memory,
sandbox), a `tasks.ZygoteReply` out. The child writes the result JSON to the request's `result`; the reply says
how the child ended.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import resource
import select
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import IO

from mlexam.course.grading.child import grade_file
from mlexam.course.grading.kernel import die_with_parent
from mlexam.course.grading.sandbox import resolve_mode
from mlexam.course.grading.tasks import MB, Sandbox, ZygoteReply, ZygoteRequest
from mlexam.course.module_names import JUDGES_PRELOAD, ZYGOTE_PRELOAD

GRADING_MEMORY_MB = 4096  # the grading process's own address space, on top of the kernel's limit


def preload(modules: tuple[str, ...]) -> None:
    """Import what grading needs, once, before any fork."""
    for name in modules:
        importlib.import_module(name)


def wait(pid: int, timeout: float) -> tuple[int, bool]:
    """Wait for the child until `timeout`; kill its process group then. Return (exit code, timed out)."""
    fd = os.pidfd_open(pid)
    try:
        ready, _, _ = select.select([fd], [], [], max(timeout, 0.0))
    finally:
        os.close(fd)
    timed_out = not ready
    if timed_out:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)  # the child leads its own session: this takes its group
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), timed_out


def child(request: ZygoteRequest, sandbox: Sandbox) -> None:
    """In the forked child: own session, output to the log, limits, then grade. Never returns."""
    code = 1
    try:
        os.setsid()
        die_with_parent(signal.SIGKILL)
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
        limit = (request["memory_mb"] + GRADING_MEMORY_MB) * MB
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        paths = (Path(request["task"]), Path(request["result"]), Path(request["scratch"]), Path(request["runtime"]))
        grade_file(*paths, sandbox, Path(request["log"]))
        code = 0
    except BaseException:  # the worker turns a missing result into a failed one, with this log's tail
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def serve(stdin: IO[str], stdout: IO[str]) -> None:
    """Answer requests until stdin closes."""
    modes: dict[str, tuple[Sandbox, str | None] | Exception] = {}
    for line in stdin:
        request: ZygoteRequest = json.loads(line)
        requested = request["sandbox"]
        if requested not in modes:
            try:
                modes[requested] = resolve_mode(requested)
            except Exception as exc:  # bwrap asked for and missing: every submission fails with this reason
                modes[requested] = exc
        mode = modes[requested]
        if request["judges"]:
            preload(JUDGES_PRELOAD)  # the judges compute their references with torch: once, before forking
        started = time.monotonic()
        reply: ZygoteReply
        if isinstance(mode, Exception):
            reply = {"returncode": 2, "timed_out": False, "seconds": 0.0, "sandbox": "none", "error": str(mode)}
        else:
            sandbox, warning = mode
            pid = os.fork()
            if pid == 0:
                child(request, sandbox)
            returncode, timed_out = wait(pid, float(request["timeout"]))
            reply = {
                "returncode": returncode,
                "timed_out": timed_out,
                "seconds": time.monotonic() - started,
                "sandbox": sandbox,
                "warning": warning,
            }
        stdout.write(json.dumps(reply) + "\n")
        stdout.flush()


def main() -> None:
    die_with_parent(signal.SIGKILL)
    preload(ZYGOTE_PRELOAD)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    serve(sys.stdin, sys.stdout)


if __name__ == "__main__":
    main()
