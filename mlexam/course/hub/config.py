"""What `mlexam hub` writes: the hub's folders, each user's Jupyter settings per role, the instructor's course,
and `jupyterhub_config.py`."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from mlexam.course.hub import HubError
from mlexam.course.hub.roster import Member

COURSE_FILES = ("nbgrader_config.py", "source")
# A student sees nbgrader's Assignments tab and Validate; the instructor's tools stay with the instructor.
STUDENT_DISABLED_LAB = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:create-assignment",
)
STUDENT_DISABLED_SERVER = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")
NO_NEWS = (
    "lab/user-settings/@jupyterlab/apputils-extension/notification.jupyterlab-settings",
    '{"fetchNews": "false"}',
)


@dataclass(frozen=True)
class HubLayout:
    """Where one hub keeps things: `env` (the Python every user runs, and `env/proxy`: configurable-http-proxy),
    `exchange` (nbgrader's, shared) and `state` (config, database, secrets, pid and log; root only)."""

    root: Path
    env: Path

    @classmethod
    def at(cls, root: Path, env: Path | None = None) -> HubLayout:
        root = root.resolve()
        return cls(root, (env or root / "env").resolve())

    @property
    def proxy(self) -> Path:
        return self.env / "proxy"

    @property
    def proxy_command(self) -> Path:
        return self.proxy / "node_modules" / ".bin" / "configurable-http-proxy"

    @property
    def exchange(self) -> Path:
        return self.root / "exchange"

    @property
    def state(self) -> Path:
        return self.root / "state"

    @property
    def members_file(self) -> Path:
        return self.state / "members.json"

    @property
    def config_file(self) -> Path:
        return self.state / "jupyterhub_config.py"

    @property
    def pid_file(self) -> Path:
        return self.state / "jupyterhub.pid"

    @property
    def log_file(self) -> Path:
        return self.state / "jupyterhub.log"

    @property
    def url_file(self) -> Path:
        return self.state / "url"


def course_id(course_root: Path) -> str:
    """The course id from the course's `nbgrader_config.py`."""
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=str(course_root)).load_config().CourseDirectory.course_id


def make_shared_folders(layout: HubLayout) -> None:
    """`state` for root alone; the exchange writable by all with the sticky bit, as nbgrader's docs set it up."""
    layout.state.mkdir(parents=True, exist_ok=True)
    layout.state.chmod(0o700)
    layout.exchange.mkdir(parents=True, exist_ok=True)
    layout.exchange.chmod(0o1777)


def _chown_tree(root: Path, uid: int, gid: int) -> None:
    os.chown(root, uid, gid)
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            os.chown(os.path.join(folder, name), uid, gid, follow_symlinks=False)


def _write_in_home(home: Path, relative: str, text: str) -> None:
    """Write a file in a user's home as root, never through a link the user put there (to /etc/shadow, say)."""
    path = home
    for part in Path(relative).parts[:-1]:
        path = path / part
        if path.is_symlink():
            raise HubError(f"{path} is a symbolic link: setup writes nothing through it (remove it and run again)")
        path.mkdir(exist_ok=True)
    try:
        fd = os.open(home / relative, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        raise HubError(f"cannot write {home / relative}: {exc.strerror} (a symbolic link? remove it)") from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def user_settings(exchange: Path, course: str, course_root: Path | None) -> dict[str, str]:
    """Files under `~/.jupyter` for one user: nbgrader's exchange and course, and the extensions of the role
    (`course_root` for the instructor, None for a student)."""
    lines = [
        "c = get_config()  # noqa: F821",
        f"c.Exchange.root = {str(exchange)!r}",
        f"c.CourseDirectory.course_id = {course!r}",
    ]
    files = {NO_NEWS[0]: NO_NEWS[1]}
    if course_root is not None:  # the instructor: the course folder and its own settings (judges, feedback)
        lines += [
            f"c.CourseDirectory.root = {str(course_root)!r}",
            f"load_subconfig({str(course_root / 'nbgrader_config.py')!r})  # noqa: F821",
        ]
    else:
        files["labconfig/page_config.json"] = json.dumps(
            {"disabledExtensions": dict.fromkeys(STUDENT_DISABLED_LAB, True)}, indent=2
        )
        files["jupyter_server_config.json"] = json.dumps(
            {"ServerApp": {"jpserver_extensions": dict.fromkeys(STUDENT_DISABLED_SERVER, False)}}, indent=2
        )
    files["nbgrader_config.py"] = "\n".join(lines) + "\n"
    return files


def install_user(home: Path, layout: HubLayout, repo: Path, course: str, course_root: Path | None) -> None:
    """Write one user's settings; the instructor also gets the course (`source/`, settings) in a 0700 folder."""
    stat = home.stat()
    uid, gid = stat.st_uid, stat.st_gid
    for name, text in user_settings(layout.exchange, course, course_root).items():
        _write_in_home(home, f".jupyter/{name}", text)
    _chown_tree(home / ".jupyter", uid, gid)
    notebooks = home / "notebooks"
    if not notebooks.exists():  # the ungraded explorers and the start page, the user's own copy
        shutil.copytree(repo / "notebooks", notebooks, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        _chown_tree(notebooks, uid, gid)
    if course_root is not None:
        course_root.mkdir(exist_ok=True)
        for name in COURSE_FILES:
            if (repo / name).is_dir():
                shutil.copytree(repo / name, course_root / name, dirs_exist_ok=True)
            else:
                shutil.copy2(repo / name, course_root / name)
        _chown_tree(course_root, uid, gid)
        course_root.chmod(0o700)


def hub_config(layout: HubLayout, members: list[Member], ip: str, port: int, hub_port: int, api_port: int) -> str:
    """`jupyterhub_config.py`: PAM logins for the roster, one server per user in its home, the local proxy."""
    names = sorted(m.username for m in members)
    admins = sorted(m.username for m in members if m.role == "instructor")
    env_bin = layout.env / "bin"
    settings = {
        "JupyterHub.ip": ip,
        "JupyterHub.port": port,
        "JupyterHub.hub_ip": "127.0.0.1",
        "JupyterHub.hub_port": hub_port,
        "JupyterHub.authenticator_class": "pam",
        "JupyterHub.spawner_class": "localprocess",
        "JupyterHub.db_url": f"sqlite:///{layout.state / 'jupyterhub.sqlite'}",
        "JupyterHub.cookie_secret_file": str(layout.state / "jupyterhub_cookie_secret"),
        "JupyterHub.pid_file": str(layout.pid_file),
        "JupyterHub.cleanup_servers": True,
        "ConfigurableHTTPProxy.command": [str(layout.proxy_command)],
        "ConfigurableHTTPProxy.api_url": f"http://127.0.0.1:{api_port}",
        "ConfigurableHTTPProxy.pid_file": str(layout.state / "proxy.pid"),
        "Authenticator.allowed_users": set(names),
        "Authenticator.admin_users": set(admins),
        "Spawner.cmd": [str(env_bin / "jupyterhub-singleuser")],
        "Spawner.default_url": "/lab",
        "Spawner.notebook_dir": "~",
        # PyTorch and NumPy in a kernel would otherwise take every core of the machine the class shares
        "Spawner.environment": {"PATH": f"{env_bin}:/usr/local/bin:/usr/bin:/bin", "OMP_NUM_THREADS": "2"},
        "Spawner.start_timeout": 180,
        "Spawner.http_timeout": 180,
    }
    lines = [
        '"""Written by `mlexam hub start`; edit the roster or `mlexam hub` options instead."""',
        "",
        "c = get_config()",
    ]
    lines += [f"c.{key} = {value!r}" for key, value in settings.items()]
    return "\n".join(lines) + "\n"
