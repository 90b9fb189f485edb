"""`mlexam build`: generate `release/` from `source/` with nbgrader."""

from __future__ import annotations

from pathlib import Path

from mlexam.course.coursedir import Course
from mlexam.course.nbgrader_run import nbgrader


def build(course: Course, assignment: str) -> list[Path]:
    """Regenerate one assignment's release folder (no gradebook is touched); return its notebooks."""
    nbgrader(course.root, "generate_assignment", assignment, "--force", "--no-db")
    return sorted((course.release / assignment).glob("*.ipynb"))
