"""A larger class: hub/z2jh/values.yaml for Zero to JupyterHub, checked as far as is possible without Kubernetes:
against the chart's schema, against the roster and the settings `mlexam hub` writes, its hooks run for real, and the
Dockerfile repo2docker would build for the single-user images."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
import types
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jsonschema
import pytest
import repo2docker
import tomllib
import yaml
from packaging.requirements import Requirement
from packaging.version import Version
from support import ROOT
from support.binder import dockerfile

from mlexam.course.coursedir import Course
from mlexam.course.hub.config import COURSE_FILES, course_id, user_settings
from mlexam.course.hub.roster import instructor, read_roster
from mlexam.course.publish import publish

Z2JH = ROOT / "hub" / "z2jh"
CHART_VERSION = "4.4.0"  # the chart hub/z2jh/ vendors the schema and defaults of
CHART_JUPYTERHUB = "5.5.0"  # the chart's appVersion: the JupyterHub its hub image runs
# The image options docs/hub.md builds both images with: the user must be jovyan, uid 1000 (nbgrader then takes the
# student's name from JUPYTERHUB_USER), and the course must live outside the home, which the user's volume covers.
IMAGE_OPTIONS = ("--user-id", "1000", "--user-name", "jovyan", "--target-repo-dir", "/srv/repo")
EXCHANGE = "/srv/nbgrader/exchange"


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def helm_merge(defaults: Any, overrides: Any) -> Any:
    """Helm's merge of a chart's values.yaml with the user's: maps merge key by key, a null deletes the key,
    anything else (lists included) replaces."""
    if not (isinstance(defaults, dict) and isinstance(overrides, dict)):
        return copy.deepcopy(overrides)
    merged = copy.deepcopy(defaults)
    for key, value in overrides.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = helm_merge(merged.get(key), value)
    return merged


def schema_errors(values: dict) -> list[str]:
    """What helm would refuse: the chart's values.schema.json on the chart's defaults merged with `values`."""
    merged = helm_merge(load_yaml(Z2JH / "chart-values.yaml"), values)
    schema = json.loads((Z2JH / "values.schema.json").read_text(encoding="utf-8"))
    errors = jsonschema.Draft7Validator(schema).iter_errors(merged)
    return sorted(f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)


@pytest.fixture(scope="module")
def values() -> dict:
    return load_yaml(Z2JH / "values.yaml")


@pytest.fixture(scope="module")
def learner_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The published learner copy, which the learner image is built from."""
    copy_root = tmp_path_factory.mktemp("z2jh") / "learner"
    publish(Course(ROOT), copy_root)
    return copy_root


@pytest.mark.unit
def test_values_validate_against_the_chart_schema(values):
    assert schema_errors(values) == []
    assert schema_errors({}) == [], "the chart's own defaults pass: the merge is helm's"


@pytest.mark.unit
def test_a_misspelled_key_or_a_wrong_type_fails_the_schema(values):
    misspelled = copy.deepcopy(values)
    misspelled["singleuser"]["memroy"] = misspelled["singleuser"].pop("memory")
    assert any("'memroy' was unexpected" in e for e in schema_errors(misspelled))
    wrong_type = copy.deepcopy(values)
    wrong_type["singleuser"]["cpu"]["limit"] = "two cores"
    assert any(e.startswith("singleuser.cpu.limit:") for e in schema_errors(wrong_type))


@pytest.mark.unit
def test_the_roster_and_the_values_agree_on_the_users(values):
    members = read_roster(ROOT / "hub" / "roster.csv")
    authenticator = values["hub"]["config"]["Authenticator"]
    assert sorted(authenticator["allowed_users"]) == sorted(m.username for m in members), "hub/roster.csv"
    assert authenticator["admin_users"] == [instructor(members).username], "the instructor is the hub's admin"


def role_files(values: dict, role: str) -> dict[str, Any]:
    """The files the values mount in a role's Jupyter config folder, by their path in it (JSON files parsed)."""
    folder = values["custom"]["mlexam"]["roles"][role]["environment"]["JUPYTER_CONFIG_PATH"]
    files = {}
    for entry in values["singleuser"]["extraFiles"].values():
        path = Path(entry["mountPath"])
        if path.is_relative_to(folder):
            files[str(path.relative_to(folder))] = entry.get("stringData", entry.get("data"))
    return files


@pytest.mark.unit
@pytest.mark.parametrize("role", ["student", "instructor"])
def test_each_role_gets_the_settings_mlexam_hub_writes(values, role):
    """The same nbgrader exchange, course and extensions per role as on the single-machine hub."""
    member = next(m for m in read_roster(ROOT / "hub" / "roster.csv") if m.role == role)
    course_root = Path("/home/jovyan/course") if role == "instructor" else None
    written = user_settings(member, Path("/home/jovyan"), Path(EXCHANGE), course_id(ROOT), course_root)
    # JupyterLab's own user settings (the news pop-up) stay in the user's ~/.jupyter, not in the role's folder
    expected = {
        name: json.loads(text) if name.endswith(".json") else text
        for name, text in written.items()
        if not name.startswith("lab/user-settings/")
    }
    assert role_files(values, role) == expected
    mounts = values["singleuser"]["storage"]["extraVolumeMounts"]
    assert [m["mountPath"] for m in mounts] == [EXCHANGE], "the exchange every role's nbgrader_config.py names"


@pytest.mark.unit
def test_the_spawn_hook_gives_each_role_its_image_settings_and_resources(values, monkeypatch):
    """hub.extraConfig's hook, run as the hub runs it, on stand-ins for KubeSpawner's spawners."""
    merged = helm_merge(load_yaml(Z2JH / "chart-values.yaml"), values)

    def get_config(key: str) -> Any:  # z2jh.get_config: a dotted key of the chart's values
        node = merged
        for part in key.split("."):
            node = node[part]
        return node

    z2jh = types.ModuleType("z2jh")
    z2jh.get_config = get_config
    monkeypatch.setitem(sys.modules, "z2jh", z2jh)
    c = SimpleNamespace(KubeSpawner=SimpleNamespace())
    exec(values["hub"]["extraConfig"]["mlexam-roles"], {"c": c})
    roles = values["custom"]["mlexam"]["roles"]
    image = f"{values['singleuser']['image']['name']}:{values['singleuser']['image']['tag']}"
    spawned = {}
    for role, admin in (("student", False), ("instructor", True)):
        spawner = SimpleNamespace(user=SimpleNamespace(admin=admin), image=image, environment={"CHART_ENV": "kept"})
        for name in set(roles["student"]) | set(roles["instructor"]):
            spawner.__dict__.setdefault(name, None)
        c.KubeSpawner.pre_spawn_hook(spawner)
        spawned[role] = spawner
    student, teacher = spawned["student"], spawned["instructor"]
    assert student.image == image and "learner" in image
    assert teacher.image == roles["instructor"]["image"] != image
    assert student.environment == {"CHART_ENV": "kept", "JUPYTER_CONFIG_PATH": "/etc/mlexam/student"}
    assert teacher.environment == {"CHART_ENV": "kept", "JUPYTER_CONFIG_PATH": "/etc/mlexam/instructor"}
    assert student.container_security_context is None, "students keep the chart's locked-down pod"
    assert teacher.container_security_context["seccompProfile"] == {"type": "Unconfined"}
    assert teacher.mem_limit == "8G" and student.mem_limit is None, "students get singleuser.memory"


@pytest.mark.integration
def test_the_start_hook_gives_notebooks_to_all_and_the_course_only_from_the_instructor_image(values, learner_copy):
    """singleuser.lifecycleHooks.postStart, run by sh as in a pod: REPO_DIR from the image, HOME the user's volume."""
    command = values["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]
    homes = {}
    for who, repository in (("instructor", ROOT), ("student", learner_copy)):
        home = homes[who] = learner_copy.parent / f"home-{who}"
        home.mkdir()
        env = {"PATH": os.environ["PATH"], "HOME": str(home), "REPO_DIR": str(repository)}
        subprocess.run(command, env=env, check=True, timeout=60)
        (home / "notebooks" / "START_HERE.ipynb").write_text("the user's own edit")
        subprocess.run(command, env=env, check=True, timeout=60)  # a second start keeps what the user has
        assert (home / "notebooks" / "START_HERE.ipynb").read_text() == "the user's own edit"
    course = homes["instructor"] / "course"
    assert sorted(p.name for p in course.iterdir()) == sorted(COURSE_FILES)
    assert (course / "nbgrader_config.py").read_bytes() == (ROOT / "nbgrader_config.py").read_bytes()
    assert (course.stat().st_mode & 0o777) == 0o700
    assert not (homes["student"] / "course").exists() and not (learner_copy / "source").exists()


@pytest.mark.integration
@pytest.mark.parametrize("which", ["instructor image (this repository)", "learner image (published copy)"])
def test_repo2docker_builds_an_image_the_hub_can_start(which, learner_copy):
    """The Dockerfile of docs/hub.md's build: the course outside the home, bubblewrap, and a jupyterhub-singleuser
    that talks to the chart's hub and fits the single-machine hub's pin."""
    repository = ROOT if which.startswith("instructor") else learner_copy
    text = dockerfile(repository, *IMAGE_OPTIONS)
    assert re.search(r"^ARG REPO_DIR=", text, re.MULTILINE) and "WORKDIR ${REPO_DIR}" in text, "--target-repo-dir"
    assert re.search(r"apt-get install [^\n]*\bbubblewrap\b", text), "binder/apt.txt: mlexam autograde's sandbox"
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in text
    python = (ROOT / "binder" / "runtime.txt").read_text().strip().removeprefix("python-")
    assert f"Building conda environment for python={python}" in text and "/tmp/env/environment.lock" in text
    lock = Path(repo2docker.__file__).parent / "buildpacks" / "conda" / f"environment.py-{python}-linux-64.lock"
    singleuser = Version(re.search(r"/jupyterhub-singleuser-(\d+\.\d+\.\d+)-", lock.read_text())[1])
    assert singleuser.major == Version(CHART_JUPYTERHUB).major, "JupyterHub's hub and single-user: one major version"
    hub_extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["hub"]
    pin = next(Requirement(r) for r in hub_extra if Requirement(r).name == "jupyterhub")
    assert pin.specifier.contains(singleuser) and pin.specifier.contains(CHART_JUPYTERHUB), f"pyproject's {pin}"


@pytest.mark.unit
def test_the_docs_build_and_install_what_the_tests_check():
    text = (ROOT / "docs" / "hub.md").read_text(encoding="utf-8")
    section = text[text.index("## A larger class") :]
    options = " ".join(IMAGE_OPTIONS)
    assert len(re.findall(rf"repo2docker {re.escape(options)} ", section)) == 2, "both images, with these options"
    assert f"--version {CHART_VERSION} " in section and "-f hub/z2jh/values.yaml" in section
    assert f"chart {CHART_VERSION}" in (Z2JH / "README.md").read_text(encoding="utf-8")
