"""A tiny nbgrader course made in a test's folder: fast kernels (no torch) for the engine's many-submission tests."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from mlexam.course import notebooks
from mlexam.course.nbgrader_run import grading_env, nbgrader
from support import MLEXAM

ASSIGNMENT = "tiny"
CONFIG = """\
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "tiny-course"
c.Execute.timeout = {cell_timeout}
c.Execute.interrupt_on_timeout = True
c.LimitOutput.max_lines = 50
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__"]
"""
RIGHT = "def answer():\n    return 42\n"
WRONG = "def answer():\n    return 41\n"
ANSWER = "\ndef answer():\n    return 42\n"  # appended to an attack, so that a harmless one keeps its points


def _cell(cell, grade_id: str, *, solution=False, grade=False, locked=False, points=0):
    meta = {"grade_id": grade_id, "solution": solution, "grade": grade, "locked": locked, "schema_version": 3}
    if grade:
        meta["points"] = points
    cell.metadata["nbgrader"] = meta
    return cell


def source_notebook() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.cells = [
        _cell(new_code_cell("import os, sys"), "setup", locked=True),
        _cell(
            new_code_cell("def answer():\n    ### BEGIN SOLUTION\n    return 42\n    ### END SOLUTION"),
            "answer",
            solution=True,
        ),
        _cell(new_code_cell("assert answer() == 42"), "test_answer", grade=True, locked=True, points=2),
        _cell(
            new_code_cell("### BEGIN HIDDEN TESTS\nassert answer() + 1 == 43\n### END HIDDEN TESTS"),
            "test_answer_hidden",
            grade=True,
            locked=True,
            points=1,
        ),
        _cell(new_markdown_cell("Why 42?"), "why_prompt", locked=True),
        _cell(new_markdown_cell("YOUR ANSWER HERE"), "why", solution=True, grade=True, points=1),
    ]
    return nb


def make_course(root: Path, cell_timeout: int = 10) -> Path:
    """A course with one generated assignment (`tiny`), its gradebook and release."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "nbgrader_config.py").write_text(CONFIG.format(cell_timeout=cell_timeout))
    notebooks.write(source_notebook(), root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    nbgrader(root, "generate_assignment", ASSIGNMENT, "--force")
    return root


def submit(root: Path, student: str, code: str | None) -> None:
    """Submit the release with `code` as the answer (None: the blank release), with a timestamp."""
    release = notebooks.read(root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    nb = release if code is None else notebooks.with_answers(release, {"answer": code})
    folder = root / "submitted" / student / ASSIGNMENT
    notebooks.write(nb, folder / f"{ASSIGNMENT}.ipynb")
    (folder / "timestamp.txt").write_text("2026-01-15 10:00:00.000000 UTC")


def mlexam(root: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """`mlexam ARGS` in the course, as an instructor runs it."""
    env = {**grading_env(), "COLUMNS": "200"}
    return subprocess.run(
        [*MLEXAM, *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def grades(root: Path, assignment: str = ASSIGNMENT) -> dict[str, dict[str, tuple]]:
    """Per student, per cell: (auto_score, max_score, needs_manual_grade), read through nbgrader's API."""
    from nbgrader.api import Gradebook

    result: dict[str, dict[str, tuple]] = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for submission in gb.assignment_submissions(assignment):
            cells = {}
            for nb in submission.notebooks:
                for g in nb.grades:
                    cells[f"{nb.name}/{g.name}"] = (g.auto_score, g.max_score, g.needs_manual_grade)
            result[submission.student_id] = cells
    return result


def copy_course(src: Path, dest: Path) -> Path:
    """A copy of a course folder, submissions and gradebook included."""
    subprocess.run(["cp", "-a", str(src), str(dest)], check=True)
    return dest


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def log_records(root: Path, assignment: str = ASSIGNMENT) -> list[dict]:
    """The records of `mlexam autograde`'s timing log, in order (none before a run)."""
    path = root / "logs" / "autograde" / f"{assignment}.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []


def outputs(root: Path, student: str, assignment: str = ASSIGNMENT) -> str:
    """All text a student's autograded notebooks printed (streams and errors), one cell per line; a stream the
    kernel happened to send in two messages reads the same as one."""
    cells = []
    for path in sorted((root / "autograded" / student / assignment).glob("*.ipynb")):
        for cell in notebooks.read(path).cells:
            parts = [
                out.get("text", "")
                if out.get("output_type") == "stream"
                else f"{out.get('ename', '')}: {out.get('evalue', '')}\n"
                for out in cell.get("outputs", [])
            ]
            cells.append("".join(parts))
    return "\n".join(cells)


def short_dir() -> str:
    """A short folder for the kernels' unix sockets (`MLEXAM_RUNTIME_ROOT`), to find leftover processes by."""
    return tempfile.mkdtemp(prefix="mlxt", dir="/tmp")


def engine_env(work: Path, runtime: str, **extra: str) -> dict[str, str]:
    """The environment of an `mlexam autograde` run with its work folder and the kernels' socket folder."""
    return {**grading_env(), "COLUMNS": "200", "MLEXAM_WORKDIR": str(work), "MLEXAM_RUNTIME_ROOT": runtime, **extra}
