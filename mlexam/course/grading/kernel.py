"""The command of the sandboxed `python3` kernelspec: start ipykernel in bubblewrap or under limits.

`python -m mlexam.course.grading.kernel SPEC.json CONNECTION_FILE [ARGS...]` runs outside the sandbox, as
the child of nbclient's kernel manager, in the notebook's folder (nbgrader's autograded folder). Unless the mode
is `none`, the kernel works in a throw-away copy of that folder (`work_folder`), shown at the folder's own path
in bubblewrap: nbgrader later writes the graded notebook into a folder no kernel has touched. It starts the
kernel (through `bwrap` if the spec says so) via `sandbox.LAUNCH`, a few lines run by the sandboxed Python before
`ipykernel` that set the resource limits, switch to the sandbox's user and forbid new privileges. It then waits,
and appends how the kernel ended (exit code or signal) to the spec's status file (in the private runtime folder),
so the worker can say why a kernel died. If its own parent (the grading process) dies, it kills its whole process
group, sandbox included.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from mlexam.course.grading.safefs import DIR_FLAGS, copy_tree, write_file
from mlexam.course.grading.sandbox import LAUNCH, KernelEnd, LauncherSpec, bwrap_command

PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """Ask Linux to send `sig` to this process when its parent exits."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the deadline's process-group kill still applies
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)


def _kill_group(*_: object) -> None:
    os.killpg(0, signal.SIGKILL)


def work_folder(spec: LauncherSpec, notebook_folder: str) -> str:
    """The kernel's throw-away copy of the notebook's folder: its files copied in (no link followed; names the
    copy already has, from an earlier kernel of the same submission, kept), owned by the sandbox's user."""
    source = os.open(notebook_folder, DIR_FLAGS)
    work = os.open(spec["work"], DIR_FLAGS)
    try:
        copy_tree(source, work, spec["max_depth"], spec.get("uid"))
    finally:
        os.close(source)
        os.close(work)
    return spec["work"]


def command(spec: LauncherSpec, connection_file: str, extra: list[str], notebook_folder: str) -> list[str]:
    """The kernel's command line for this spec's mode."""
    python = spec["python"]
    kernel = [python, "-m", "ipykernel_launcher", "-f", connection_file, *extra]
    if spec["mode"] == "none":
        return kernel
    launch = [python, "-I", "-S", "-c", LAUNCH, json.dumps({"rlimits": spec["rlimits"], "uid": spec["uid"]})]
    if spec["mode"] == "limits":
        return [*launch, *kernel]
    seen = Path(notebook_folder)  # where nbclient starts the kernel: its copy is shown there
    writable = [(Path(spec["work"]), seen), (Path(spec["sockets"]), Path(spec["sockets"]))]
    writable.append((Path(spec["mpl"]), Path(spec["mpl"])))
    hidden = [Path(p) for p in spec["hidden"]]
    bwrap = bwrap_command(writable, hidden, Path(spec["etc"]), spec.get("uid") is not None, seen)
    return [*bwrap, "--", *launch, *kernel]


def sandbox_connection_file(spec: LauncherSpec, connection_file: str) -> str:
    """In bwrap mode, a copy of the connection file in the sockets folder, where the kernel can read it (the
    original, mode 0600, stays in the private runtime folder): as root, owned by root, mode 0444 (the sockets
    folder's sticky bit keeps the kernel from replacing it)."""
    if spec["mode"] != "bwrap":
        return connection_file
    with open(connection_file, "rb") as f:
        content = f.read()
    name = os.path.basename(connection_file)
    sockets = os.open(spec["sockets"], DIR_FLAGS)
    try:
        write_file(sockets, name, content, 0o444 if spec.get("uid") is not None else 0o400, replace=True)
    finally:
        os.close(sockets)
    return os.path.join(spec["sockets"], name)


def describe(returncode: int) -> str:
    """How a kernel ended, in words: bwrap reports a signal N as exit code 128+N."""
    sig = -returncode if returncode < 0 else returncode - 128 if returncode > 128 else 0
    if sig:
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        return f"killed by {name}"
    return f"exited with code {returncode}"


def main(argv: list[str]) -> int:
    spec_path, connection_file, *extra = argv
    with open(spec_path) as f:
        spec: LauncherSpec = json.load(f)
    die_with_parent(signal.SIGTERM)
    signal.signal(signal.SIGTERM, _kill_group)
    signal.signal(signal.SIGINT, lambda *_: None)  # interrupts reach the kernel as messages
    env = spec["env"] if spec.get("env") is not None else dict(os.environ)
    conn = sandbox_connection_file(spec, connection_file)
    notebook_folder = os.getcwd()
    workdir = notebook_folder if spec["mode"] == "none" else work_folder(spec, notebook_folder)
    started = time.monotonic()
    proc = subprocess.Popen(command(spec, conn, extra, notebook_folder), env=env, cwd=workdir)
    returncode = proc.wait()
    record: KernelEnd = {
        "connection_file": os.path.basename(connection_file),
        "returncode": returncode,
        "how": describe(returncode),
        "seconds": round(time.monotonic() - started, 3),
    }
    with open(spec["status"], "a") as f:
        f.write(json.dumps(record) + "\n")
    return returncode if 0 <= returncode < 256 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
