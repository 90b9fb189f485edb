"""The command of the sandboxed `python3` kernelspec: start ipykernel in bubblewrap or under limits.

`python -m mlexam.course.engine.kernel SPEC.json CONNECTION_FILE [ARGS...]` runs outside the sandbox, as
the child of nbclient's kernel manager. It starts the kernel (through `bwrap` if the spec says so) via
`LAUNCH`, a few lines run by the sandboxed Python before `ipykernel` that set the resource limits, switch to
the sandbox's user and forbid new privileges. It then waits, and appends how the kernel ended (exit code or
signal) to the spec's status file, so the worker can say why a kernel died. If its own parent (the grading
process) dies, it kills its whole process group, sandbox included.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

# Run as `python -I -S -c LAUNCH CONFIG_JSON PROGRAM ARGS...` inside the sandbox: limits, user, then exec.
LAUNCH = """\
import ctypes, json, os, resource, sys
cfg = json.loads(sys.argv[1])
for name, (soft, hard) in cfg["rlimits"].items():
    resource.setrlimit(getattr(resource, name), (soft, hard))
if cfg.get("uid") is not None:
    os.setgroups([])
    os.setgid(cfg["uid"])
    os.setuid(cfg["uid"])
libc = ctypes.CDLL(None, use_errno=True)
libc.prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS
libc.prctl(1, 9, 0, 0, 0)  # PR_SET_PDEATHSIG: SIGKILL when the launcher dies
os.execv(sys.argv[2], sys.argv[2:])
"""

PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """Ask Linux to send `sig` to this process when its parent exits."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the deadline's process-group kill still applies
        pass


def _kill_group(*_: object) -> None:
    os.killpg(0, signal.SIGKILL)


def command(spec: dict, connection_file: str, extra: list[str]) -> list[str]:
    """The kernel's command line for this spec's mode."""
    python = spec["python"]
    kernel = [python, "-m", "ipykernel_launcher", "-f", connection_file, *extra]
    if spec["mode"] == "none":
        return kernel
    launch = [python, "-I", "-S", "-c", LAUNCH, json.dumps({"rlimits": spec["rlimits"], "uid": spec["uid"]})]
    if spec["mode"] == "limits":
        return [*launch, *kernel]
    from pathlib import Path

    from mlexam.course.engine.sandbox import bwrap_command

    workdir = Path(os.getcwd())  # the notebook's folder, where nbclient starts the kernel
    if spec.get("uid") is not None:
        os.chown(workdir, spec["uid"], spec["uid"])
    writable = [workdir, Path(spec["runtime"])]
    hidden = [Path(p) for p in spec["hidden"]]
    bwrap = bwrap_command(writable, hidden, Path(spec["etc"]), spec.get("uid") is not None, workdir)
    return [*bwrap, "--", *launch, *kernel]


def private_connection_file(spec: dict, connection_file: str) -> str:
    """A copy of the connection file the sandbox's user may read (jupyter_client writes it mode 0600)."""
    if spec.get("uid") is None:
        return connection_file
    copy = os.path.join(spec["runtime"], "sandbox-" + os.path.basename(connection_file))
    shutil.copyfile(connection_file, copy)
    os.chown(copy, spec["uid"], spec["uid"])
    os.chmod(copy, 0o400)
    return copy


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
        spec = json.load(f)
    die_with_parent(signal.SIGTERM)
    signal.signal(signal.SIGTERM, _kill_group)
    signal.signal(signal.SIGINT, lambda *_: None)  # interrupts reach the kernel as messages
    env = spec["env"] if spec.get("env") is not None else dict(os.environ)
    conn = private_connection_file(spec, connection_file)
    started = time.monotonic()
    proc = subprocess.Popen(command(spec, conn, extra), env=env)
    returncode = proc.wait()
    record = {
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
