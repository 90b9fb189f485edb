"""A larger class: hub/z2jh/values.yaml for Zero to JupyterHub, checked as far as is possible without Kubernetes:
against the chart's schema, the roster and the settings `mlexam hub` writes; the chart's hub configuration and
KubeSpawner making each role's pod from it; its start hook run by sh; and the Dockerfile repo2docker would build
for the single-user images."""

from __future__ import annotations

import asyncio
import copy
import json
import os
import re
import subprocess
import sys
import tomllib
import types
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jsonschema
import pytest
import repo2docker
import yaml
from packaging.requirements import Requirement
from packaging.version import Version
from support import ROOT
from support.binder import dockerfile
from tornado.httpclient import AsyncHTTPClient
from traitlets.config import Config

from mlexam.course.coursedir import Course
from mlexam.course.hub.config import COURSE_FILES, course_id, user_settings
from mlexam.course.hub.roster import instructor, read_roster
from mlexam.course.publishing.publish import publish

Z2JH = ROOT / "hub" / "z2jh"
CHART_VERSION = "4.4.0"  # the chart hub/z2jh/ vendors the schema and defaults of
CHART_JUPYTERHUB = "5.5.0"  # the chart's appVersion: the JupyterHub its hub image runs
# The image options docs/hub.md builds both images with: the user must be jovyan, uid 1000 (nbgrader then takes the
# student's name from JUPYTERHUB_USER), and the course must live outside the home, which the user's volume covers.
IMAGE_OPTIONS = ("--user-id", "1000", "--user-name", "jovyan", "--target-repo-dir", "/srv/repo")
EXCHANGE = "/srv/nbgrader/exchange"
CHART_HUB = Z2JH / "chart-hub"  # the chart's hub configuration: its jupyterhub_config.py and z2jh.py
HUB_ETC = "/usr/local/etc/jupyterhub/"  # where the chart mounts the hub's values, secrets and resource names
# What the chart's hub image runs (images/hub/requirements.txt at the chart's tag), pinned in pyproject's test extra.
HUB_IMAGE = {
    "jupyterhub": CHART_JUPYTERHUB,
    "jupyterhub-kubespawner": "7.0.0",
    "jupyterhub-nativeauthenticator": "1.3.0",
}
KUBECONFIG = """apiVersion: v1
kind: Config
clusters: [{name: none, cluster: {server: "https://127.0.0.1:9"}}]
users: [{name: none, user: {token: none}}]
contexts: [{name: none, context: {cluster: none, user: none}}]
current-context: none
"""


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
    course_root = Path("/home/jovyan/course") if role == "instructor" else None
    written = user_settings(Path(EXCHANGE), course_id(ROOT), course_root)
    # JupyterLab's own user settings (the news pop-up) stay in the user's ~/.jupyter, not in the role's folder
    expected = {
        name: json.loads(text) if name.endswith(".json") else text
        for name, text in written.items()
        if not name.startswith("lab/user-settings/")
    }
    assert role_files(values, role) == expected
    mounts = values["singleuser"]["storage"]["extraVolumeMounts"]
    assert [m["mountPath"] for m in mounts] == [EXCHANGE], "the exchange every role's nbgrader_config.py names"


@pytest.fixture(scope="module")
def hub_config(values: dict, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Config]:
    """The hub's configuration as the chart's own jupyterhub_config.py makes it in the hub's pod, from our values
    merged into the chart's: what the chart mounts at /usr/local/etc/jupyterhub (values and secrets, resource
    names) is a temporary folder here, and a kubeconfig that is never contacted stands in for the cluster."""
    etc = tmp_path_factory.mktemp("hub-etc")
    (etc / "secret").mkdir()
    (etc / "config").mkdir()
    merged = helm_merge(load_yaml(Z2JH / "chart-values.yaml"), values)
    (etc / "secret" / "values.yaml").write_text(yaml.safe_dump(merged))
    for secret in ("hub.config.JupyterHub.cookie_secret", "hub.config.CryptKeeper.keys"):
        (etc / "secret" / secret).write_text("0" * 64)
    for name in ("hub", "proxy-api", "singleuser", "image-pull-secret", "user-scheduler", "priority"):
        (etc / "config" / name).write_text(name)
    (etc / "kubeconfig").write_text(KUBECONFIG)
    source = (CHART_HUB / "z2jh.py").read_text()
    assert source.count(HUB_ETC) == 3, "the chart's z2jh.py reads its files elsewhere now"
    z2jh = types.ModuleType("z2jh")
    exec(compile(source.replace(HUB_ETC, f"{etc}/"), str(CHART_HUB / "z2jh.py"), "exec"), z2jh.__dict__)
    c = Config()
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "z2jh", z2jh)
        patch.setattr(sys, "path", list(sys.path))  # the chart's config puts its folder first
        patch.setenv("HUB_SERVICE_PORT", "8081")
        patch.setenv("PROXY_API_SERVICE_PORT", "8001")
        patch.setenv("KUBECONFIG", str(etc / "kubeconfig"))
        config_py = CHART_HUB / "jupyterhub_config.py"
        exec(
            compile(config_py.read_text(), str(config_py), "exec"),
            {"get_config": lambda: c, "__file__": str(config_py)},
        )
        yield c
        AsyncHTTPClient.configure(None)  # the chart's config chose curl for the whole process


def pod(hub_config: Config, username: str, admin: bool) -> dict:
    """The pod KubeSpawner would send to Kubernetes for this user, after the pre-spawn hook, as the API gets it."""
    from jupyterhub.objects import Hub
    from kubespawner import KubeSpawner

    async def manifest() -> dict:
        user = SimpleNamespace(name=username, escaped_name=username, admin=admin, id=1, url=f"/user/{username}/")
        user.__dict__.update(settings={}, orm_user=None, spawners={}, server=None)
        spawner = KubeSpawner(config=hub_config, user=user, hub=Hub(), api_token="token")
        if (hook := spawner.run_pre_spawn_hook()) is not None:
            await hook
        return spawner.api.api_client.sanitize_for_serialization(await spawner.get_pod_manifest())

    return asyncio.run(manifest())


@pytest.mark.unit
def test_the_chart_and_kubespawner_make_each_role_its_pod(values, hub_config):
    """The chart's hub configuration and KubeSpawner, at the chart's versions, run here on our values: the pods."""
    from jupyterhub.app import JupyterHub
    from jupyterhub.auth import Authenticator
    from kubespawner import KubeSpawner
    from nativeauthenticator import NativeAuthenticator

    assert {name: version(name) for name in HUB_IMAGE} == HUB_IMAGE, "pyproject's test extra: the hub image's"
    assert hub_config.JupyterHub.authenticator_class == "nativeauthenticator.NativeAuthenticator"
    assert all(Path(p).is_dir() for p in hub_config.JupyterHub.template_paths), "NativeAuthenticator's pages"
    assert hub_config.Authenticator.admin_users == values["hub"]["config"]["Authenticator"]["admin_users"]
    # The hub ignores a setting it does not know, and the chart's schema does not look inside hub.config
    known = {cls.__name__: set(cls.class_trait_names(config=True)) for cls in (JupyterHub, NativeAuthenticator)}
    known["Authenticator"] = set(Authenticator.class_trait_names(config=True))
    for section, settings in values["hub"]["config"].items():
        assert set(settings) <= known[section], f"hub.config.{section}: {set(settings) - known[section]}"
    for role, settings in values["custom"]["mlexam"]["roles"].items():
        assert set(settings) <= set(KubeSpawner.class_trait_names(config=True)), f"custom.mlexam.roles.{role}"
    roles = values["custom"]["mlexam"]["roles"]
    learner = f"{values['singleuser']['image']['name']}:{values['singleuser']['image']['tag']}"
    pods = {"student": pod(hub_config, "ada", admin=False), "instructor": pod(hub_config, "instructor", admin=True)}
    exchange = load_yaml(Z2JH / "exchange-pvc.yaml")
    assert exchange["kind"] == "PersistentVolumeClaim" and exchange["spec"]["accessModes"] == ["ReadWriteMany"]
    for role, spec in pods.items():
        container = spec["spec"]["containers"][0]
        env = {e["name"]: e["value"] for e in container["env"]}
        assert env["JUPYTER_CONFIG_PATH"] == f"/etc/mlexam/{role}", "the role's Jupyter config folder"
        assert container["image"] == (learner if role == "student" else roles["instructor"]["image"])
        assert float(env["OMP_NUM_THREADS"]) == container["resources"]["limits"]["cpu"], "PyTorch's threads"
        volumes = {v["name"]: v for v in spec["spec"]["volumes"]}
        mounted = {m["mountPath"]: volumes[m["name"]] for m in container["volumeMounts"]}
        assert mounted[EXCHANGE]["persistentVolumeClaim"] == {"claimName": exchange["metadata"]["name"]}
        assert mounted["/home/jovyan"]["persistentVolumeClaim"] == {"claimName": f"claim-{env['JUPYTERHUB_USER']}"}
        for name in role_files(values, role):
            assert mounted[f"/etc/mlexam/{role}/{name}"]["secret"]["secretName"] == "singleuser", "extraFiles"
        post_start = values["singleuser"]["lifecycleHooks"]["postStart"]
        assert container["lifecycle"]["postStart"] == post_start
    student, teacher = (pods[role]["spec"] for role in ("student", "instructor"))
    assert student["containers"][0]["resources"]["limits"] == {"cpu": 2.0, "memory": 2 * 2**30}
    assert teacher["containers"][0]["resources"]["limits"] == {"cpu": 4.0, "memory": 8 * 2**30}
    assert "hostUsers" not in student and teacher["hostUsers"] is False
    assert student["containers"][0]["securityContext"] == {"runAsUser": 1000, "allowPrivilegeEscalation": False}
    assert teacher["containers"][0]["securityContext"] == {
        "runAsUser": 1000,
        "allowPrivilegeEscalation": False,
        "procMount": "Unmasked",
        "seccompProfile": {"type": "Unconfined"},
        "appArmorProfile": {"type": "Unconfined"},
    }, "what bubblewrap needs, for the instructor only"


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
