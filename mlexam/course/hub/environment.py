"""The software every user of the hub runs: a virtual environment with this package (not editable: the
repository, with its solutions, stays closed) and JupyterHub, and configurable-http-proxy from npm. Built by
`mlexam hub setup`; nothing is downloaded when the hub starts."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

from mlexam.course.hub import HubError

TORCH = "torch==2.13.0"  # the CPU build, as the Makefile pins it
PROXY_PACKAGE = "configurable-http-proxy@5"
STAMP = ".mlexam-hub-stamp"
NONINTERACTIVE = {"DEBIAN_FRONTEND": "noninteractive"}
PACKAGE_FILES = ("pyproject.toml", "README.md", "mlexam")


def usable_by_everyone(path: Path) -> bool:
    """Whether any user can run `path`: the file readable and executable, every folder above it searchable."""
    path = path.resolve()
    if not path.is_file() or path.stat().st_mode & (stat.S_IROTH | stat.S_IXOTH) != stat.S_IROTH | stat.S_IXOTH:
        return False
    return all(folder.stat().st_mode & stat.S_IXOTH for folder in path.parents)


def base_python() -> Path:
    """A Python 3.10+ that every user can run: this one's base interpreter, else the system's python3."""
    for candidate in (Path(sys.base_prefix) / "bin" / "python3", Path("/usr/bin/python3")):
        if candidate.is_file() and usable_by_everyone(candidate):
            return candidate
    raise HubError(
        f"no Python that other users can run: {sys.base_prefix} is closed to them and /usr/bin/python3 is missing"
        " (apt-get install python3-venv)"
    )


def _digest(paths: list[Path], repo: Path, salt: str) -> str:
    digest = hashlib.sha256(salt.encode())
    for path in sorted(paths):
        digest.update(str(path.relative_to(repo)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def stamps(repo: Path) -> tuple[str, str]:
    """What the environment was built from: the dependencies (pyproject and pins), and the package's code."""
    return (
        _digest([repo / "pyproject.toml"], repo, f"{TORCH} {PROXY_PACKAGE}"),
        _digest(list((repo / "mlexam").rglob("*.py")), repo, ""),
    )


def build_env(env: Path, repo: Path, log) -> bool:
    """Make or refresh `env` with this package (from a copy of its files only) and JupyterHub; False if current.

    When only the package's code changed, only the package is installed again (seconds, not minutes)."""
    wanted = "\n".join(stamps(repo))
    stamp = env / STAMP
    built = stamp.read_text() if stamp.is_file() and (env / "bin" / "jupyterhub").is_file() else ""
    if built == wanted:
        return False
    if not (env / "bin" / "python").is_file():
        log(f"creating {env} from {base_python()}")
        subprocess.run([str(base_python()), "-m", "venv", str(env)], check=True)
    same_dependencies = built.split("\n")[0] == wanted.split("\n")[0]
    with tempfile.TemporaryDirectory(prefix="mlexam-hub-pkg-") as tmp:
        for name in PACKAGE_FILES:
            if (repo / name).is_dir():
                shutil.copytree(repo / name, Path(tmp) / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(repo / name, Path(tmp) / name)
        pip = [str(env / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        if same_dependencies:
            log(f"installing this package again into {env}")
            subprocess.run([*pip, "--no-deps", "--force-reinstall", tmp], check=True)
        else:
            log(f"installing {TORCH}, this package and JupyterHub into {env}")
            subprocess.run([*pip, TORCH, f"{tmp}[hub]"], check=True)
    if not usable_by_everyone(env / "bin" / "python"):
        raise HubError(f"{env} is not readable by other users: put the hub where they can (--env)")
    stamp.write_text(wanted)
    return True


def build_proxy(prefix: Path, log) -> bool:
    """configurable-http-proxy from npm into `prefix` (False if there already)."""
    command = prefix / "node_modules" / ".bin" / "configurable-http-proxy"
    if command.exists():
        return False
    if shutil.which("npm") is None:
        if shutil.which("apt-get") is None:
            raise HubError("npm is missing: install Node.js and npm (configurable-http-proxy comes from npm)")
        log("installing the Debian package npm (for configurable-http-proxy)")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "npm"], check=True, env={**os.environ, **NONINTERACTIVE})
    prefix.mkdir(parents=True, exist_ok=True)
    log(f"installing {PROXY_PACKAGE} into {prefix}")
    subprocess.run(
        ["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--loglevel=error", PROXY_PACKAGE],
        check=True,
    )
    return True
