"""`mlexam check` on every assignment: the instructor's self-test must pass on this repository."""

from __future__ import annotations

import subprocess

import pytest
from support import ASSIGNMENTS, MLEXAM, ROOT


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_mlexam_check_passes(assignment):
    run = subprocess.run(
        # The time budgets are wall-clock; other tests share the CPU, so they get 3x here (`make check` is strict).
        [*MLEXAM, "check", assignment, "--budget-factor", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "COLUMNS": "200"},
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith(("PASS", "FAIL"))]
    assert run.returncode == 0, run.stdout + run.stderr
    assert len(lines) >= 6 and all(line.startswith("PASS") for line in lines), run.stdout


@pytest.mark.integration
def test_check_fails_on_a_stale_release(course, tmp_path):
    """A release that no longer matches its source is reported, with the command that fixes it."""
    import shutil

    from mlexam.course.authoring.check import check_assignment
    from mlexam.course.coursedir import Course

    assignment = ASSIGNMENTS[0]
    copy = tmp_path / "course"
    copy.mkdir()
    for part in ("nbgrader_config.py", "source", "release"):
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, copy / part)
    name = course.notebooks(assignment)[0]
    stale = copy / "release" / assignment / f"{name}.ipynb"
    stale.write_text(stale.read_text().replace("YOUR CODE HERE", "YOUR CODE GOES HERE", 1))
    results = {}
    for r in check_assignment(Course(copy), assignment, tmp_path / "work"):
        results[r.name] = r
        if r.name == "release/ is current":
            break
    assert not results["release/ is current"].ok
    assert f"mlexam build {assignment}" in results["release/ is current"].detail


@pytest.mark.unit
def test_every_test_cell_of_the_course_has_a_judge_and_a_missing_one_is_named(course, tmp_path):
    import shutil

    from mlexam.course.coursedir import Course
    from mlexam.course.judging.registry import judge_coverage

    for assignment in ASSIGNMENTS:
        assert judge_coverage(course, assignment) == [], assignment

    copy = tmp_path / "course"
    shutil.copytree(ROOT / "source" / "ml_teams", copy / "source" / "ml_teams")
    shutil.copy2(ROOT / "nbgrader_config.py", copy / "nbgrader_config.py")
    judge = copy / "source" / "ml_teams" / "ml_teams_judge.py"
    judge.write_text(judge.read_text().replace('@judge("test_stalls_hidden")\n', ""))
    assert judge_coverage(Course(copy), "ml_teams") == ["ml_teams.ipynb: no judge for test_stalls_hidden"]
    judge.unlink()
    assert judge_coverage(Course(copy), "ml_teams") == ["ml_teams_judge.py is missing"]


@pytest.mark.unit
def test_check_refuses_a_marker_without_hashes_and_names_its_cell(course, tmp_path):
    """`# BEGIN HIDDEN TESTS` is a marker for nbgrader, which cuts what it marks; the course has one form."""
    import shutil

    from mlexam.course import notebooks
    from mlexam.course.authoring.check import check_assignment
    from mlexam.course.coursedir import Course

    assignment = ASSIGNMENTS[0]
    copy = tmp_path / "course"
    shutil.copytree(ROOT / "source" / assignment, copy / "source" / assignment)
    shutil.copy2(ROOT / "nbgrader_config.py", copy / "nbgrader_config.py")
    name = course.notebooks(assignment)[0]
    path = copy / "source" / assignment / f"{name}.ipynb"
    nb = notebooks.read(path)
    test = next(c for c in nb.cells if (notebooks.grade_id(c) or "").startswith("test_"))
    test.source += "\n# BEGIN HIDDEN TESTS\nassert True\n### END HIDDEN TESTS"
    notebooks.write(nb, path)
    results = {}
    for r in check_assignment(Course(copy), assignment, tmp_path / "work"):
        results[r.name] = r
        if r.name == f"markers of {name}.ipynb":
            break
    marked = results[f"markers of {name}.ipynb"]
    line = test.source.split("\n").index("# BEGIN HIDDEN TESTS") + 1
    assert not marked.ok
    assert marked.detail.startswith(f"cell {notebooks.grade_id(test)}: line {line} '# BEGIN HIDDEN TESTS': nbgrader"), (
        marked.detail
    )
    assert "'### BEGIN HIDDEN TESTS' alone on its line" in marked.detail and "END" not in marked.detail
