"""Binder: what repo2docker would build from `binder/`, and that environment built for real, in a fresh venv."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from nbformat.v4 import new_code_cell, new_notebook
from support import ROOT
from support.binder import dockerfile

from mlexam.course import notebooks
from mlexam.course.coursedir import Course
from mlexam.course.publishing.publish import binder_url, publish

BINDER = ROOT / "binder"
INSTALL = 'pip install --no-cache-dir -r "binder/requirements.txt"'
PROBE = "import sys, mlexam\nprint(sys.executable)\nprint(mlexam.__file__)"


def runtime_python() -> str:
    """The Python version binder/runtime.txt asks for, e.g. "3.11"."""
    return (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")


def requirement_lines() -> list[str]:
    lines = (BINDER / "requirements.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@pytest.mark.integration
def test_binder_installs_cpu_torch_and_the_course_package():
    lines = requirement_lines()
    assert "-e ." in lines, "the course package, installed from the repository root"
    assert "torch==2.13.0" in lines, "the pinned torch"
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in lines, "the CPU build of torch"
    assert re.fullmatch(r"3\.1\d", runtime_python()), "binder/runtime.txt: python-3.10 or newer"
    assert os.access(BINDER / "postBuild", os.X_OK)
    subprocess.run(["bash", "-n", str(BINDER / "postBuild")], check=True)


@pytest.mark.unit
def test_readme_badge_launches_jupyterlab_at_the_start_page():
    readme = (ROOT / "README.md").read_text()
    url = binder_url()
    assert url == "https://mybinder.org/v2/gh/<OWNER>/<REPO>/HEAD?urlpath=lab/tree/notebooks/START_HERE.ipynb"
    assert f"({url})" in readme, "the README's Binder badge"
    assert (ROOT / "notebooks" / "START_HERE.ipynb").is_file()


@pytest.mark.slow
@pytest.mark.parametrize("which", ["repository", "published copy"])
def test_repo2docker_installs_binder_requirements_after_copying_the_repository(which, tmp_path):
    repository = ROOT
    if which == "published copy":
        repository = tmp_path / "learner"
        publish(Course(ROOT), repository)
    text = dockerfile(repository)
    assert f"Building conda environment for python={runtime_python()}" in text, "binder/runtime.txt picks the Python"
    install = text.find(INSTALL)
    assert install >= 0, f"binder/requirements.txt is not installed:\n{text[-2000:]}"
    copy = text.find("COPY --chown=0:0 src/ ${REPO_DIR}/")
    assert 0 <= copy < install, "`-e .` needs the repository copied before the install"
    assert "./binder/postBuild" in text[install:]
    assert not re.search(r"pip install[^\n]* \.\s*$", text, re.MULTILINE), "pyproject.toml must not be installed twice"


@pytest.mark.slow
def test_binder_requirements_install_into_a_fresh_venv_that_runs_the_notebooks(tmp_path):
    """As repo2docker would build the public repository (a published copy): `pip install -r
    binder/requirements.txt` from its root into a fresh environment, then postBuild; then run notebooks.
    """
    repository = tmp_path / "learner"
    publish(Course(ROOT), repository)
    for name in ("requirements.txt", "runtime.txt", "postBuild"):
        assert (repository / "binder" / name).read_bytes() == (BINDER / name).read_bytes()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    bin_dir = venv / "bin"
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "VIRTUAL_ENV": str(venv),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config"),
        "JUPYTER_DATA_DIR": str(tmp_path / "jupyter-data"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "jupyter-runtime"),
        "PIP_RETRIES": "0",  # an index that cannot be reached (no internet here) is skipped at once
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    env.pop("PYTHONPATH", None)

    def run(*args: str, timeout: float) -> str:
        done = subprocess.run(args, cwd=repository, env=env, capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, f"{' '.join(args)}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        return done.stdout + done.stderr

    pip = [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--no-compile"]  # no .pyc: faster
    run(*pip, "-r", "binder/requirements.txt", timeout=1800)
    run(str(repository / "binder" / "postBuild"), timeout=300)
    page_config = json.loads((tmp_path / "jupyter-config" / "labconfig" / "page_config.json").read_text())
    assert page_config["disabledExtensions"]["@jupyter/nbgrader:formgrader"] is True
    assert "@jupyter/nbgrader:validate-assignment" not in page_config["disabledExtensions"]

    release = repository / "release" / "ml_debugging" / "single_batch.ipynb"
    source = notebooks.read(ROOT / "source" / "ml_debugging" / "single_batch.ipynb")
    worked = repository / "worked.ipynb"
    notebooks.write(notebooks.with_answers(notebooks.read(release), notebooks.reference_answers(source)), worked)
    probe = repository / "probe.ipynb"
    notebooks.write(new_notebook(cells=[new_code_cell(PROBE)]), probe)
    execute = [str(bin_dir / "jupyter"), "nbconvert", "--to", "notebook", "--execute"]
    out = tmp_path / "out"
    run(*execute, "--ExecutePreprocessor.timeout=600", "--output-dir", str(out), str(probe), str(worked),
        "notebooks/START_HERE.ipynb", timeout=900)  # fmt: skip
    ran = {path.stem: notebooks.read(path) for path in out.glob("*.ipynb")}
    where = ran["probe"].cells[0].outputs[0].text.split()
    assert where[0].startswith(str(venv)) and where[1].startswith(str(repository)), f"not the fresh venv: {where}"
    kinds = {
        k for cell in ran["worked"].cells if cell.cell_type == "code" for o in cell.outputs for k in o.get("data", {})
    }
    assert {"image/png", "application/vnd.jupyter.widget-view+json"} <= kinds, "plots and the lab"
    assert "ready to go" in ran["START_HERE"].cells[-1].outputs[0].text

    # nbgrader's Validate, as the button runs it, with the learner copy's nbgrader_config.py (no mlexam.course)
    report = run(str(bin_dir / "nbgrader"), "validate", str(release), timeout=600)  # exits 0 either way
    assert "VALIDATION FAILED" in report and "NotImplementedError" in report, report[-2000:]
