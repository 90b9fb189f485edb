"""The software every user of the hub runs: a virtual environment with this package (not editable: the
repository, with its solutions, stays closed) and JupyterHub, and configurable-http-proxy from npm. Built by
`mlexam hub setup`; nothing is downloaded when the hub starts."""

from __future__ import annotations

import hashlib
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


def package_digest(repo: Path) -> str:
    """What the environment was built from: the package's files and the pins."""
    digest = hashlib.sha256(f"{TORCH} {PROXY_PACKAGE}".encode())
    for path in sorted([repo / "pyproject.toml", *(repo / "mlexam").rglob("*.py")]):
        digest.update(str(path.relative_to(repo)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def build_env(env: Path, repo: Path, log) -> bool:
    """Make or refresh `env` with this package (from a copy of its files only) and JupyterHub; False if current."""
    digest = package_digest(repo)
    stamp = env / STAMP
    if stamp.is_file() and stamp.read_text() == digest and (env / "bin" / "jupyterhub").is_file():
        return False
    if not (env / "bin" / "python").is_file():
        log(f"creating {env} from {base_python()}")
        subprocess.run([str(base_python()), "-m", "venv", str(env)], check=True)
    with tempfile.TemporaryDirectory(prefix="mlexam-hub-pkg-") as tmp:
        for name in PACKAGE_FILES:
            if (repo / name).is_dir():
                shutil.copytree(repo / name, Path(tmp) / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(repo / name, Path(tmp) / name)
        log(f"installing {TORCH}, this package and JupyterHub into {env}")
        subprocess.run(
            [str(env / "bin" / "python"), "-m", "pip", "install", "--quiet", TORCH, f"{tmp}[hub]"], check=True
        )
    if not usable_by_everyone(env / "bin" / "python"):
        raise HubError(f"{env} is not readable by other users: put the hub where they can (--env)")
    stamp.write_text(digest)
    return True


def build_proxy(prefix: Path, log) -> bool:
    """configurable-http-proxy from npm into `prefix` (False if there already)."""
    command = prefix / "node_modules" / ".bin" / "configurable-http-proxy"
    if command.exists():
        return False
    if shutil.which("npm") is None:
        raise HubError("npm is missing: apt-get install -y npm (configurable-http-proxy comes from npm)")
    prefix.mkdir(parents=True, exist_ok=True)
    log(f"installing {PROXY_PACKAGE} into {prefix}")
    subprocess.run(
        ["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--loglevel=error", PROXY_PACKAGE],
        check=True,
    )
    return True
