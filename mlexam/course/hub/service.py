"""Set up, start, stop and ask about the hub: `mlexam hub setup|start|stop|status`."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from mlexam.course.hub import HubError
from mlexam.course.hub.config import HubLayout, course_id, hub_config, install_user, make_shared_folders
from mlexam.course.hub.environment import build_env, build_proxy
from mlexam.course.hub.roster import Member, ensure_account, read_roster


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup(repo: Path, roster: Path, layout: HubLayout, home_base: Path, log: Callable[[str], None]) -> list[Member]:
    """Install the hub's software, create the roster's unix users with their settings, and the instructor's course;
    return the members whose generated password was set now (to be handed out)."""
    if os.geteuid() != 0:
        raise HubError("run `mlexam hub setup` as root: it creates unix users and their homes")
    members = read_roster(roster)
    if (repo / "source").stat().st_mode & stat.S_IROTH:
        log(
            f"[yellow]warning:[/] {repo / 'source'} is readable by every user: students could read the solutions"
            f" there (chmod o-rwx {repo}); the hub needs nothing from it once set up"
        )
    umask = os.umask(0o022)  # what the environment holds must be readable by every user
    try:
        build_env(layout.env, repo, log)
        build_proxy(layout.proxy, log)
        make_shared_folders(layout)
        course = course_id(repo)
        handed_out = []
        for member in members:
            home, password_set = ensure_account(member, home_base)
            if password_set and member.generated:
                handed_out.append(member)
            install_user(home, layout, repo, course, home / course if member.role == "instructor" else None)
            log(f"{member.role} {member.username}: {home}")
    finally:
        os.umask(umask)
    layout.members_file.write_text(json.dumps([{"username": m.username, "role": m.role} for m in members]))
    return handed_out


def _pid(layout: HubLayout) -> int | None:
    """The hub's pid when it runs (a pid reused by another program does not count)."""
    try:
        pid = int(layout.pid_file.read_text())
        state = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return None
    zombie = state.rsplit(")", 1)[1].split()[0] == "Z"
    return None if zombie or b"jupyterhub" not in cmdline else pid


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/hub/api/", timeout=3) as reply:
            return reply.status == 200
    except OSError:
        return False


def status(layout: HubLayout) -> str | None:
    """The hub's address when it runs and answers, else None."""
    if _pid(layout) is None or not layout.url_file.is_file():
        return None
    url = layout.url_file.read_text().strip()
    return url if _answers(url) else None


def start(layout: HubLayout, ip: str = "127.0.0.1", port: int = 8000, timeout: float = 120.0) -> str:
    """Start JupyterHub in the background (log in `state/`); return its address once it answers."""
    if _pid(layout) is not None:
        raise HubError(f"the hub already runs (pid {_pid(layout)}); `mlexam hub stop` first")
    if not layout.members_file.is_file():
        raise HubError(f"no hub set up in {layout.root}: run `mlexam hub setup` first")
    members = [Member(m["username"], m["role"], "") for m in json.loads(layout.members_file.read_text())]
    layout.config_file.write_text(hub_config(layout, members, ip, port, _free_port(), _free_port()))
    url = f"http://{'127.0.0.1' if ip in ('', '0.0.0.0') else ip}:{port}"
    env = {"PATH": f"{layout.env / 'bin'}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/root"}
    with layout.log_file.open("a") as log:
        process = subprocess.Popen(
            [str(layout.env / "bin" / "jupyterhub"), "-f", str(layout.config_file)],
            cwd=layout.state,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    layout.pid_file.write_text(str(process.pid))
    layout.url_file.write_text(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HubError(f"jupyterhub exited with {process.returncode}; its log:\n{_tail(layout.log_file)}")
        if _answers(url):
            return url
        time.sleep(0.5)
    stop(layout)
    raise HubError(f"jupyterhub did not answer at {url} within {timeout:.0f} s; its log:\n{_tail(layout.log_file)}")


def stop(layout: HubLayout, timeout: float = 30.0) -> bool:
    """Stop the hub (it stops the users' servers and the proxy first); False if it was not running."""
    pid = _pid(layout)
    if pid is None:
        layout.pid_file.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _pid(layout) is not None and time.monotonic() < deadline:
        time.sleep(0.3)
    if _pid(layout) is not None:
        os.killpg(pid, signal.SIGKILL)  # its own session: the hub, and the proxy it started
    layout.pid_file.unlink(missing_ok=True)
    return True


def _tail(path: Path, chars: int = 3000) -> str:
    return path.read_text(errors="replace")[-chars:] if path.is_file() else "(no log)"
