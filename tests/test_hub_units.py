"""`mlexam hub`'s pieces without a hub: the roster, each role's settings, the hub's config, who can run what."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from traitlets.config import Config

from mlexam.course.hub.config import HubLayout, hub_config, user_settings
from mlexam.course.hub.environment import usable_by_everyone
from mlexam.course.hub.roster import Member, RosterError, read_roster

pytestmark = pytest.mark.unit


def roster(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text("username,role,password\n" + rows)
    return path


def test_the_roster_gives_users_roles_and_passwords_made_where_none_is_given(tmp_path):
    members = read_roster(roster(tmp_path, "teach,instructor,secret-1\nada,student,\nbob,Student,pw\n"))
    assert [(m.username, m.role, m.generated) for m in members] == [
        ("teach", "instructor", False),
        ("ada", "student", True),
        ("bob", "student", False),
    ]
    assert members[0].password == "secret-1" and len(members[1].password) >= 12


@pytest.mark.parametrize(
    ("rows", "says"),
    [
        ("teach,instructor,\nRoot Me,student,\n", "not a unix username"),
        ("teach,instructor,\nada,ta,\n", "role 'ta'"),
        ("teach,instructor,\nada,student,\nada,student,\n", "appears twice"),
        ("ada,student,\n", "exactly one instructor"),
        ("teach,instructor,\nt2,instructor,\n", "exactly one instructor"),
        ("teach,instructor,a:b\n", "may not hold ':'"),
    ],
)
def test_a_roster_that_cannot_be_used_says_why(tmp_path, rows, says):
    with pytest.raises(RosterError, match=says):
        read_roster(roster(tmp_path, rows))


def test_students_get_the_assignments_tab_only_and_the_instructor_the_course():
    student = user_settings(Path("/x/exchange"), "c1", None)
    disabled = json.loads(student["labconfig/page_config.json"])["disabledExtensions"]
    assert disabled == {
        "@jupyter/nbgrader:formgrader": True,
        "@jupyter/nbgrader:course-list": True,
        "@jupyter/nbgrader:create-assignment": True,
    }
    server = json.loads(student["jupyter_server_config.json"])["ServerApp"]["jpserver_extensions"]
    assert server == {"nbgrader.server_extensions.formgrader": False, "nbgrader.server_extensions.course_list": False}
    assert "c.Exchange.root = '/x/exchange'" in student["nbgrader_config.py"]
    assert "CourseDirectory.root" not in student["nbgrader_config.py"]

    teacher = user_settings(Path("/x/exchange"), "c1", Path("/h/t/c1"))
    assert "labconfig/page_config.json" not in teacher and "jupyter_server_config.json" not in teacher
    assert "c.CourseDirectory.root = '/h/t/c1'" in teacher["nbgrader_config.py"]
    assert "load_subconfig('/h/t/c1/nbgrader_config.py')" in teacher["nbgrader_config.py"]


def test_the_hub_config_logs_in_the_roster_by_pam_and_spawns_from_the_hub_environment(tmp_path):
    layout = HubLayout.at(tmp_path / "hub", tmp_path / "env")
    members = [Member("t", "instructor", ""), Member("ada", "student", ""), Member("bob", "student", "")]
    text = hub_config(layout, members, "127.0.0.1", 8123, 8124, 8125)
    c = Config()
    exec(compile(text, "jupyterhub_config.py", "exec"), {"get_config": lambda: c})
    assert c.JupyterHub.authenticator_class == "pam" and c.JupyterHub.spawner_class == "localprocess"
    assert c.Authenticator.allowed_users == {"t", "ada", "bob"} and c.Authenticator.admin_users == {"t"}
    assert (c.JupyterHub.ip, c.JupyterHub.port, c.JupyterHub.hub_port) == ("127.0.0.1", 8123, 8124)
    assert c.ConfigurableHTTPProxy.api_url == "http://127.0.0.1:8125"
    assert c.ConfigurableHTTPProxy.command == [str(tmp_path / "env/proxy/node_modules/.bin/configurable-http-proxy")]
    assert c.Spawner.cmd == [str(tmp_path / "env/bin/jupyterhub-singleuser")]
    assert c.Spawner.environment["PATH"].startswith(f"{tmp_path / 'env/bin'}:")
    assert c.Spawner.environment["OMP_NUM_THREADS"] == "2", "a kernel's threads, as on Kubernetes"
    assert c.JupyterHub.db_url == f"sqlite:///{tmp_path / 'hub/state/jupyterhub.sqlite'}"


def test_what_every_user_can_run_needs_every_folder_above_it_open(tmp_path):
    folder = tmp_path / "a"
    folder.mkdir()
    program = folder / "python"
    program.write_text("")
    program.chmod(0o755)
    tmp_path.chmod(0o755)
    folder.chmod(0o755)
    assert usable_by_everyone(program) == all(p.stat().st_mode & 0o001 for p in tmp_path.parents)
    folder.chmod(0o700)
    assert not usable_by_everyone(program)
    folder.chmod(0o755)
    program.chmod(0o700)
    assert not usable_by_everyone(program)


def test_setup_writes_nothing_through_a_link_a_user_put_in_their_home(tmp_path):
    from mlexam.course.hub import HubError
    from mlexam.course.hub.config import _write_in_home

    target = tmp_path / "shadow"
    target.write_text("root:secret\n")
    home = tmp_path / "home"
    (home / ".jupyter").mkdir(parents=True)
    (home / ".jupyter" / "nbgrader_config.py").symlink_to(target)
    with pytest.raises(HubError, match="symbolic link"):
        _write_in_home(home, ".jupyter/nbgrader_config.py", "c = 1\n")
    (home / ".jupyter" / "labconfig").symlink_to(tmp_path)
    with pytest.raises(HubError, match="symbolic link"):
        _write_in_home(home, ".jupyter/labconfig/shadow", "c = 1\n")
    assert target.read_text() == "root:secret\n"
    _write_in_home(home, ".jupyter/lab/user-settings/x.json", "{}")
    assert (home / ".jupyter/lab/user-settings/x.json").read_text() == "{}"
