"""A throw-away course folder: generate, submit, autograde, feedback and export through nbgrader."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

from nbformat import NotebookNode

from mlexam.course import notebooks
from mlexam.course.coursedir import CONFIG_FILE, Course
from mlexam.course.judging.registry import SECRET_FILE
from mlexam.course.nbgrader_run import autograde, nbgrader
from mlexam.course.scores import QuestionScore, read_scores


class ScratchCourse:
    """A copy of a course's sources in `path`, with its own gradebook."""

    def __init__(self, course: Course, path: Path, assignments: list[str]) -> None:
        self.course = course
        self.root = path
        self.assignments = assignments
        path.mkdir(parents=True, exist_ok=True)
        shutil.copy2(course.root / CONFIG_FILE, path / CONFIG_FILE)
        (path / "source").mkdir(exist_ok=True)
        shutil.copy2(course.source / SECRET_FILE, path / "source" / SECRET_FILE)
        for assignment in assignments:
            target = path / "source" / assignment
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(course.source / assignment, target)
        self.copy = Course(path)  # the scratch folder, read as nbgrader reads a course
        self.db_url = self.copy.db_url

    def generate(self) -> None:
        """`nbgrader generate_assignment` for every assignment (records them in the gradebook)."""
        for assignment in self.assignments:
            nbgrader(self.root, "generate_assignment", assignment, "--force")

    def release_notebook(self, assignment: str, name: str) -> NotebookNode:
        return notebooks.read(self.root / "release" / assignment / f"{name}.ipynb")

    def source_notebook(self, assignment: str, name: str) -> NotebookNode:
        return notebooks.read(self.root / "source" / assignment / f"{name}.ipynb")

    def submit(self, student: str, assignment: str, submission: Mapping[str, NotebookNode]) -> None:
        """Place a student's notebooks (name -> notebook) in `submitted/`, as `nbgrader collect` would."""
        folder = self.root / "submitted" / student / assignment
        if folder.exists():
            shutil.rmtree(folder)
        for name, nb in submission.items():
            notebooks.write(nb, folder / f"{name}.ipynb")

    def autograde(self, assignment: str, on_student: Callable[[str], None] | None = None) -> set[str]:
        """Plain `nbgrader autograde` of all submissions; returns the students it could not grade."""
        return autograde(self.root, assignment, on_student=on_student)

    def feedback(self, assignment: str) -> None:
        nbgrader(self.root, "generate_feedback", assignment, "--force")

    def export(self, csv_path: Path) -> Path:
        nbgrader(self.root, "export", "--to", str(csv_path))
        return csv_path

    def scores(self, assignment: str) -> dict[str, dict[str, QuestionScore]]:
        """Per student, per question: the points from the gradebook."""
        return read_scores(self.db_url, assignment)
