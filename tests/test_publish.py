"""`mlexam publish`: a learner-only copy of the course, with nothing of the solutions or hidden tests."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from support import ROOT
from typer.testing import CliRunner

from mlexam.course import notebooks
from mlexam.course.authoring.leaks import find_leaks
from mlexam.course.cli import app
from mlexam.course.coursedir import Course, CourseError
from mlexam.course.publishing.publish import binder_url, course_secrets, learner_pyproject, publish, published_files

pytestmark = pytest.mark.unit

SECRET = "return sorted(the_hidden_reference_values)"


def small_course(root: Path, leak: bool = False) -> Course:
    """A course with one assignment, fast to publish; `leak` puts a solution line on the start page."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("nbgrader_config.py", "pyproject.toml"):
        shutil.copy2(ROOT / name, root / name)
    for package in ("mlexam", "mlexam/learner", "mlexam/testkit", "mlexam/course"):
        (root / package).mkdir(parents=True)
        (root / package / "__init__.py").write_text('"""A package."""\n')
    meta = {
        "nbgrader": {
            "grade": False,
            "grade_id": "answer",
            "locked": False,
            "schema_version": 3,
            "solution": True,
            "task": False,
        }
    }
    source = new_notebook(
        cells=[
            new_code_cell(f"def answer():\n    ### BEGIN SOLUTION\n    {SECRET}\n    ### END SOLUTION\n", metadata=meta)
        ]
    )
    release = new_notebook(cells=[new_code_cell("def answer():\n    raise NotImplementedError()\n", metadata=meta)])
    notebooks.write(source, root / "source" / "ml_debugging" / "single_batch.ipynb")
    notebooks.write(release, root / "release" / "ml_debugging" / "single_batch.ipynb")
    start = "# Start here\n" + (f"Psst: `{SECRET}`\n" if leak else "")
    notebooks.write(new_notebook(cells=[new_markdown_cell(start)]), root / "notebooks" / "START_HERE.ipynb")
    (root / "binder").mkdir()
    shutil.copy2(ROOT / "binder" / "requirements.txt", root / "binder" / "requirements.txt")
    (root / "gradebook.db").write_bytes(b"")
    return Course(root)


def test_the_published_course_is_learner_only_and_holds_no_solution_or_hidden_test(tmp_path):
    course = Course(ROOT)
    dest = tmp_path / "learner"
    files = publish(course, dest, repo="example-org/ml-exam")
    names = {p.relative_to(dest).as_posix() for p in files}

    expected = {
        "README.md",
        "pyproject.toml",
        "nbgrader_config.py",
        "binder/requirements.txt",
        "binder/postBuild",
        "notebooks/START_HERE.ipynb",
        "mlexam/__init__.py",
        "mlexam/learner/explorers.py",
        "mlexam/testkit/probe.py",
        *(f"release/{a}/{n}.ipynb" for a in course.assignments() for n in course.notebooks(a)),
    }
    assert expected <= names, f"missing from the learner copy: {sorted(expected - names)}"
    for name in names:
        top = name.split("/")[0]
        assert top in {
            "README.md",
            "pyproject.toml",
            "nbgrader_config.py",
            ".gitignore",
            "binder",
            "notebooks",
            "release",
            "mlexam",
            "docs",
        }, f"not for learners: {name}"
        assert not name.startswith("mlexam/course/"), f"instructor tools published: {name}"
        assert not name.startswith("docs/") or name.startswith("docs/learner/"), f"instructor docs published: {name}"
        assert not name.endswith(("_judge.py", "judge_secret.txt")), f"a judge published: {name}"
        assert "__pycache__" not in name and not name.endswith(".db"), name
    assert os.access(dest / "binder" / "postBuild", os.X_OK), "Binder runs postBuild only if it is executable"

    readme = (dest / "README.md").read_text()
    assert binder_url("example-org/ml-exam") in readme and "<OWNER>" not in readme
    assert "[project.scripts]" not in (dest / "pyproject.toml").read_text(), "the `mlexam` command is not published"

    secrets = course_secrets(course)
    assert len(secrets) > 20, "the source notebooks should have solution lines to look for"
    assert find_leaks(secrets, published_files(dest), course.markers) == []


def test_publish_replaces_a_folder_only_when_forced_and_keeps_its_git_history(tmp_path):
    course = small_course(tmp_path / "course")
    dest = tmp_path / "public-repo"
    (dest / ".git").mkdir(parents=True)
    (dest / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (dest / "stale.txt").write_text("from an older course")
    with pytest.raises(CourseError, match="not empty"):
        publish(course, dest)
    publish(course, dest, force=True)
    assert (dest / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert not (dest / "stale.txt").exists() and (dest / "release" / "ml_debugging" / "single_batch.ipynb").is_file()
    assert not (dest / "source").exists() and not (dest / "gradebook.db").exists()
    assert not (dest / "mlexam" / "course").exists() and (dest / "mlexam" / "learner" / "__init__.py").is_file()
    assert "<OWNER>/<REPO>" in (dest / "README.md").read_text(), "no --repo: the badge keeps its placeholder"


@pytest.mark.parametrize("inside", ["", "source/ml_debugging", "release"])
def test_publish_refuses_to_write_into_the_course(tmp_path, inside):
    course = small_course(tmp_path / "course")
    with pytest.raises(CourseError, match="publish to a folder outside"):
        publish(course, course.root / inside, force=True)
    assert (course.source / "ml_debugging" / "single_batch.ipynb").is_file()


def test_publish_refuses_a_copy_that_would_leak_and_leaves_nothing_of_it(tmp_path):
    course = small_course(tmp_path / "course", leak=True)
    dest = tmp_path / "learner"
    with pytest.raises(CourseError, match=r"START_HERE.ipynb: 1 line\(s\) of solutions"):
        publish(course, dest)
    assert list(dest.iterdir()) == []


def test_learner_pyproject_drops_only_the_command():
    """The `mlexam` command needs mlexam.course (the instructor tools), which is not published."""
    text = (ROOT / "pyproject.toml").read_text()
    tables = re.split(r"(?m)^(?=\[)", text)
    assert sum(t.startswith("[project.scripts]\n") for t in tables) == 1
    assert learner_pyproject(text) == "".join(t for t in tables if not t.startswith("[project.scripts]\n"))


def test_the_publish_command_fills_in_the_binder_badge(tmp_path, monkeypatch):
    course = small_course(tmp_path / "course")
    monkeypatch.chdir(course.root)
    result = CliRunner().invoke(app, ["publish", str(tmp_path / "out"), "--repo", "org/ml-exam-learners"])
    assert result.exit_code == 0, result.output
    assert "published" in result.output
    readme = (tmp_path / "out" / "README.md").read_text()
    assert "https://mybinder.org/v2/gh/org/ml-exam-learners/HEAD?urlpath=lab/tree/notebooks/START_HERE.ipynb" in readme
    result = CliRunner().invoke(app, ["publish", str(tmp_path / "out"), "--repo", "not a repo"])
    assert result.exit_code != 0
