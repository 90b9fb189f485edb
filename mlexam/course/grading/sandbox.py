"""Where the student's kernel runs: bubblewrap, resource limits, or as nbgrader would run it.

Only the kernel (the student's code) is sandboxed; nbgrader itself runs outside, in the worker. The worker
writes a private kernelspec named `python3` (so the notebook's metadata is unchanged) whose command is the
launcher in `mlexam.course.grading.kernel`, talking to nbclient over unix sockets (`ipc` transport), since the
sandbox has no network, not even loopback to the worker.

The grading process's runtime folder is private (mode 0700: the launcher's spec, the connection files, the kernels'
exit statuses). A kernel is shown three of its subfolders (`prepare_runtime`): `s`, where it binds its sockets
(as root: owned by root, mode 1733, so the kernel can add its sockets but not list, replace or remove anything
else there), `mpl`, its matplotlib folder, and `work`, the throw-away copy of the notebook's folder it works in,
shown at that folder's path: nbgrader reads and writes the real folder, which no kernel ever touches.

In `bwrap` mode the kernel sees a read-only view of the system (`/usr`, the Python it runs, its packages,
a few files of `/etc`), an empty `/tmp`, its own `/proc` and `/dev`, and, writable, only those three folders;
no course folder, no `source/`, no other submission, no gradebook, no config, nothing that names them. It has
its own PID, network, IPC and UTS namespaces, runs as an unprivileged user with no capabilities, and dies with
its parent. Run as root, bubblewrap creates the namespaces itself and the launcher switches to a user id of its
own (so `RLIMIT_NPROC` counts this kernel's processes only); otherwise it uses a user namespace.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TypedDict

from mlexam.course.grading.tasks import MB, SANDBOX_MODES, Limits, Sandbox
from mlexam.course.module_names import KERNEL_LAUNCHER

# Files of /etc the kernel's Python and libraries read; everything else of /etc stays hidden.
ETC_FILES = (
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "localtime",
    "nsswitch.conf",
    "alternatives",
    "fonts",
    "mime.types",
)
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
SANDBOX_UID_BASE = 1_000_000  # + the grading process's pid: a user id no one else has
SOCKETS, MPL, WORK = "s", "mpl", "work"  # the runtime folder's parts a kernel is shown (see the docstring)
# Environment variables passed to a sandboxed kernel; all others (tokens, keys, paths) are dropped.
KEEP_ENV = (
    "PATH",
    "LANG",
    "LANGUAGE",
    "TZ",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MPLBACKEND",
    "PYTHONWARNINGS",
    "PYTHONHASHSEED",
    "NBGRADER_EXECUTION",
)


class LauncherSpec(TypedDict):
    """What the kernel launcher (`kernel`) reads: how to start each kernel of one grading process."""

    mode: Sandbox
    rlimits: dict[str, list[int]]  # (soft, hard) by `resource` name
    uid: int | None  # the sandbox's user, when run as root
    env: dict[str, str] | None  # the kernel's environment (None: the launcher's own)
    status: str  # the JSON-lines file where the launcher appends how each kernel ended (`KernelEnd`)
    sockets: str
    work: str
    mpl: str
    max_depth: int
    etc: str
    hidden: list[str]
    python: str


class KernelEnd(TypedDict):
    """One line of the launcher's status file: how a kernel ended."""

    connection_file: str
    returncode: int
    how: str  # in words (`kernel.describe`)
    seconds: float


class SandboxError(RuntimeError):
    """`--sandbox bwrap` was asked for and bubblewrap does not work here."""


def rlimits(limits: Limits) -> dict[str, list[int]]:
    """The kernel's resource limits as (soft, hard) pairs by `resource` name."""
    return {
        "RLIMIT_AS": [limits.memory_mb * MB] * 2,
        "RLIMIT_CPU": [limits.cpu_seconds, limits.cpu_seconds + 5],
        "RLIMIT_FSIZE": [limits.file_mb * MB] * 2,
        "RLIMIT_NPROC": [limits.processes] * 2,
        "RLIMIT_NOFILE": [limits.open_files] * 2,
        "RLIMIT_CORE": [0, 0],
    }


def _covers(outer: Path, inner: Path) -> bool:
    return inner == outer or outer in inner.parents


def _exposable(path: Path, hidden: Iterable[Path]) -> bool:
    """Not a hidden path, inside one, or a folder holding one."""
    return not any(_covers(h, path) or _covers(path, h) for h in hidden)


def python_paths() -> list[Path]:
    """What the kernel's Python reads: its installation, the virtualenv, editable packages' folders.

    Other `sys.path` entries (the working folder, PYTHONPATH) are left out: they may be a course.
    """
    paths = {Path(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)}
    paths.add(Path(os.path.realpath(sys.executable)).parent)
    for name, module in list(sys.modules.items()):  # setuptools' editable installs: package -> source folder
        if name.startswith("__editable__") and isinstance(getattr(module, "MAPPING", None), dict):
            paths.update(Path(p) for p in module.MAPPING.values())
    resolved = {Path(os.path.realpath(p)) for p in paths} | {Path(os.path.abspath(p)) for p in paths}
    return sorted(resolved)


def _minimal(paths: Iterable[Path]) -> list[Path]:
    """Drop paths inside another one of the list."""
    kept: list[Path] = []
    for p in sorted(set(paths), key=lambda p: len(p.parts)):
        if not any(_covers(k, p) for k in kept):
            kept.append(p)
    return sorted(kept)


def bwrap_command(
    writable: list[tuple[Path, Path]], hidden: list[Path], etc_dir: Path, as_root: bool, workdir: Path
) -> list[str]:
    """The bubblewrap command line (without the command itself) for a kernel working in `workdir`; `writable`
    binds (folder, where the kernel sees it)."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxError("bubblewrap (bwrap) is not installed: apt-get install bubblewrap")
    args = [bwrap, "--die-with-parent", "--new-session"]
    args += ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
    if not as_root:
        args += ["--unshare-user", "--cap-drop", "ALL"]
    args += ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    args += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/tmp"]
    binds: list[tuple[str, Path, Path]] = []
    for name in ETC_FILES:
        binds.append(("--ro-bind-try", Path("/etc", name), Path("/etc", name)))
    for name in ("passwd", "group"):
        binds.append(("--ro-bind", etc_dir / name, Path("/etc", name)))
    readable = [p for p in python_paths() if not _covers(Path("/usr"), p) and _exposable(p, hidden)]
    binds += [("--ro-bind", p, p) for p in _minimal(readable)]
    binds += [("--bind", source, dest) for source, dest in writable]
    # The folders leading to each mount, readable by the sandbox's user (bwrap would make them 0700).
    mounted = [Path("/usr"), *(dest for _, _, dest in binds)]
    parents = {a for _, _, dest in binds for a in dest.parents if a != Path("/")}
    for folder in sorted(parents, key=lambda p: len(p.parts)):
        if folder != Path("/tmp") and not any(_covers(m, folder) for m in mounted):
            args += ["--perms", "0755", "--dir", str(folder)]
    for flag, source, dest in binds:
        args += [flag, str(source), str(dest)]
    args += ["--chdir", str(workdir), "--setenv", "HOME", "/tmp"]
    return args


def write_etc(folder: Path, uid: int) -> Path:
    """A minimal passwd and group for the sandbox: the kernel's user and nobody else."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "passwd").write_text(f"root:x:0:0:root:/tmp:/bin/sh\nstudent:x:{uid}:{uid}:student:/tmp:/bin/sh\n")
    (folder / "group").write_text(f"root:x:0:\nstudent:x:{uid}:\n")
    return folder


def kernel_env(env: dict[str, str], home: str, mplconfig: str) -> dict[str, str]:
    """The kernel's environment in a sandbox: a short allow-list, and a private home (its temp folder too)."""
    kept = {k: v for k, v in env.items() if k in KEEP_ENV or k.startswith(("LC_", "JPY_"))}
    kept.update(HOME=home, TMPDIR=home, MPLCONFIGDIR=mplconfig, IPYTHONDIR=f"{home}/.ipython")
    kept.setdefault("PATH", "/usr/bin:/bin")
    kept["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), kept["PATH"]])
    return kept


def write_kernelspec(jupyter_path: Path, launcher_spec: Path) -> Path:
    """A `python3` kernelspec in a private JUPYTER_PATH whose command is our launcher.

    Interrupts go as messages (the kernel is in its own session, out of reach of nbclient's SIGINT).
    """
    folder = jupyter_path / "kernels" / "python3"
    folder.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [
            sys.executable,
            "-m",
            KERNEL_LAUNCHER,
            str(launcher_spec),
            "{connection_file}",
        ],
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "interrupt_mode": "message",
        "metadata": {"debugger": False},
    }
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1))
    return folder


def prepare_runtime(runtime: Path, uid: int | None) -> None:
    """The parts of the private `runtime` folder a kernel is shown (see the module's docstring); `uid`: the
    sandbox's user when run as root."""
    os.chmod(runtime, 0o700)
    for name in (SOCKETS, MPL, WORK):
        (runtime / name).mkdir()
    if uid is not None:
        os.chmod(runtime / SOCKETS, 0o1733)
        for name in (MPL, WORK):
            os.chown(runtime / name, uid, uid)


def launcher_spec(
    mode: Sandbox,
    limits: Limits,
    runtime: Path,
    hidden: list[Path],
    uid: int | None = None,
    env: dict[str, str] | None = None,
    max_depth: int = 16,
) -> LauncherSpec:
    """What `mlexam.course.grading.kernel` needs to start a kernel: plain JSON data, in the private runtime folder.

    The bubblewrap command itself is built by the launcher, which knows the notebook's folder.
    """
    return {
        "mode": mode,
        "rlimits": rlimits(limits) if mode != "none" else {},
        "uid": uid,
        "env": env,
        "status": str(runtime / "kernels.jsonl"),
        "sockets": str(runtime / SOCKETS),
        "work": str(runtime / WORK),
        "mpl": str(runtime / MPL),
        "max_depth": max_depth,
        "etc": str(runtime / "etc"),
        "hidden": [str(p) for p in hidden],
        "python": sys.executable,
    }


_probe_cache: dict[str, str | None] = {}


def probe_bwrap() -> str | None:
    """None when a sandboxed Python can start, see its packages and write its folder here; else the error."""
    if "bwrap" in _probe_cache:
        return _probe_cache["bwrap"]
    problem: str | None
    scratch = Path(tempfile.mkdtemp(prefix="mlexam-probe-"))
    try:
        as_root = os.geteuid() == 0
        uid = SANDBOX_UID_BASE + os.getpid() if as_root else None
        etc = write_etc(scratch / "etc", uid or os.getuid())
        work = scratch / "work"
        work.mkdir()
        if uid is not None:
            os.chown(work, uid, uid)
        cmd = bwrap_command([(work, work)], [], etc, as_root, work)
        config = json.dumps({"rlimits": {}, "uid": uid})
        site = next(p for p in sys.path if p.endswith("site-packages"))
        check = f"import os; assert os.path.isdir({site!r}); open('probe', 'w').write('ok'); print('sandbox-ok')"
        cmd += ["--", sys.executable, "-I", "-S", "-c", LAUNCH, config, sys.executable, "-c", check]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        if "sandbox-ok" in run.stdout and (work / "probe").read_text() == "ok":
            problem = None
        else:
            problem = f"bwrap exited {run.returncode}: {(run.stderr or run.stdout).strip()[-400:]}"
    except (OSError, SandboxError, subprocess.SubprocessError) as exc:
        problem = f"{type(exc).__name__}: {exc}"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    _probe_cache["bwrap"] = problem
    return problem


def resolve_mode(requested: str) -> tuple[Sandbox, str | None]:
    """The sandbox to use for `requested` (auto, bwrap, limits, none), and a warning if auto fell back."""
    if requested not in SANDBOX_MODES:
        raise ValueError(f"--sandbox must be one of {', '.join(SANDBOX_MODES)}, not {requested!r}")
    if requested in ("limits", "none"):
        return requested, None
    problem = probe_bwrap()
    if problem is None:
        return "bwrap", None
    if requested == "bwrap":
        raise SandboxError(f"--sandbox bwrap: bubblewrap does not work here ({problem})")
    return "limits", (
        "bubblewrap does not work here, so student code runs with resource limits only: it can read the "
        f"course, its solutions and the gradebook, and use the network ({problem}). "
        "Install bubblewrap (apt-get install bubblewrap) or pass --sandbox limits to silence this."
    )
