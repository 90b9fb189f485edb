"""A worker slot's side of grading: one submission in, its result out, the grading itself in a forked process.

`run_task(task_json) -> result_json` is what the executor runs (in a local worker thread, or a Dask worker's).
It writes the task into a scratch folder of this process's and hands it to this thread's zygote (`Zygote`, the
handle on a `zygote` process), which forks a grading process (`grading`) with a deadline and says how it ended.
A run that dies, hangs or crashes becomes a failed result with the reason (`failures`), never an exception in the
coordinator.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from multiprocessing.util import Finalize
from pathlib import Path

from mlexam.course.grading.failures import failed, no_result_reason, tail, worker_name
from mlexam.course.grading.tasks import Result, Task, ZygoteReply, ZygoteRequest, now
from mlexam.course.module_names import ZYGOTE
from mlexam.course.nbgrader_run import grading_env


def _base_dir() -> Path:
    """This process's folder for scratch courses: `MLEXAM_WORKDIR` or the system's temp folder.

    (Kernel sockets go to a short folder under `MLEXAM_RUNTIME_ROOT`, by default /tmp.)
    """
    root = Path(os.environ.get("MLEXAM_WORKDIR") or tempfile.gettempdir())
    base = root / f"mlx-{os.getpid()}"
    with _base_lock:
        if not base.is_dir():
            _remove_stale(root, "mlx-")
            _remove_stale(_runtime_root(), "mlxr-")
            base.mkdir(parents=True)
            Finalize(None, shutil.rmtree, args=(base, True), exitpriority=1)  # runs as this process exits
    return base


def _runtime_root() -> Path:
    return Path(os.environ.get("MLEXAM_RUNTIME_ROOT", "/tmp"))


def _remove_stale(root: Path, prefix: str) -> None:
    """Folders a killed worker process left behind (named `<prefix><pid>...` after a pid no longer alive)."""
    for folder in root.glob(f"{prefix}[0-9]*"):
        pid = folder.name.removeprefix(prefix).split("-")[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(folder, ignore_errors=True)


_base_lock = threading.Lock()


def run_task(task_json: str) -> str:
    """Grade one submission (the executor's function): JSON task in, JSON result out, never raises."""
    started, t0 = now(), time.monotonic()
    task = Task.from_json(task_json)
    base = _base_dir()
    scratch = Path(tempfile.mkdtemp(prefix="s", dir=base))
    # The kernel's unix sockets live here: a short path, as socket paths are limited to 107 bytes.
    runtime = Path(tempfile.mkdtemp(prefix=f"mlxr-{os.getpid()}-", dir=_runtime_root()))
    try:
        (scratch / "task.json").write_text(task_json)
        result_path, log = scratch / "result.json", scratch / "grading.log"
        request: ZygoteRequest = {
            "task": str(scratch / "task.json"),
            "result": str(result_path),
            "log": str(log),
            "scratch": str(scratch / "w"),
            "runtime": str(runtime),
            "timeout": task.limits.timeout,
            "memory_mb": task.limits.memory_mb,
            "sandbox": task.sandbox,
            "judges": bool(task.judge_files),
        }
        try:
            reply = zygote(base / "zygote.log").run(request)
        except Exception as exc:  # the zygote itself failed: report, and start a new one next time
            discard_zygote()
            return failed(task, f"worker error: {exc}", started, time.monotonic() - t0, "none").to_json()
        sandbox = reply.get("sandbox", "none")
        result = None
        if result_path.exists():
            try:
                result = Result.from_json(result_path.read_text())
            except (ValueError, KeyError, TypeError) as exc:
                reply["error"] = f"unreadable result: {exc}"
        if result is None:
            result = failed(task, no_result_reason(task, reply), started, 0.0, sandbox, tail(log))
        result.seconds = time.monotonic() - t0
        result.started, result.finished, result.worker = started, now(), worker_name()
        if reply.get("warning"):
            result.log_tail = (result.log_tail + "\n" + reply["warning"]).strip()
        return result.to_json()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(runtime, ignore_errors=True)


class Zygote:
    """A worker thread's handle on its zygote process."""

    def __init__(self, log: Path) -> None:
        with open(log, "a") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", ZYGOTE],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
                env=grading_env(),
            )
        assert self.proc.stdout is not None
        ready = self.proc.stdout.readline()
        if ready.strip() != "ready":
            raise RuntimeError(f"the grading zygote did not start (it said {ready!r}; see {log})")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def run(self, request: ZygoteRequest) -> ZygoteReply:
        """Send one request and wait for its reply (the zygote enforces the deadline)."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the grading zygote exited ({self.proc.poll()})")
        return json.loads(line)


_local = threading.local()


def zygote(log: Path) -> Zygote:
    """This thread's zygote, started (or restarted) as needed; its own errors go to `log`."""
    z: Zygote | None = getattr(_local, "zygote", None)
    if z is None or not z.alive():
        z = _local.zygote = Zygote(log)
    return z


def discard_zygote() -> None:
    """Kill this thread's zygote (after an error talking to it); the next task starts a fresh one."""
    z: Zygote | None = getattr(_local, "zygote", None)
    _local.zygote = None
    if z is not None:
        z.proc.kill()
        z.proc.wait()
