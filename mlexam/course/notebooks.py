"""Read and fill nbgrader notebooks by `grade_id`, through nbgrader's own cell predicates."""

from __future__ import annotations

from collections.abc import Mapping
from copy import deepcopy
from datetime import datetime
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbgrader.utils import is_grade, is_locked, is_solution

from mlexam.course.markers import DEFAULT, SOLUTION, Markers


def read(path: Path) -> NotebookNode:
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


def write(nb: NotebookNode, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def grade_id(cell: NotebookNode) -> str | None:
    """The nbgrader id of a cell, or None for an ordinary cell."""
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def question_ids(nb: NotebookNode) -> list[str]:
    """The autograded questions: code solution cells, in notebook order."""
    return [grade_id(c) for c in nb.cells if c.cell_type == "code" and is_solution(c) and not is_grade(c)]


def written_ids(nb: NotebookNode) -> list[str]:
    """The manually graded written answers."""
    return [grade_id(c) for c in nb.cells if c.cell_type == "markdown" and is_solution(c) and is_grade(c)]


def test_ids(nb: NotebookNode) -> list[str]:
    """The locked autograder test cells."""
    return [grade_id(c) for c in nb.cells if c.cell_type == "code" and is_grade(c) and is_locked(c)]


def question_of(test_id: str, questions: list[str]) -> str | None:
    """The question a test cell belongs to: `test_<question>` or `test_<question>_...`."""
    owners = [q for q in questions if test_id == f"test_{q}" or test_id.startswith(f"test_{q}_")]
    return max(owners, key=len) if owners else None


def reference_answers(source_nb: NotebookNode, markers: Markers = DEFAULT) -> dict[str, str]:
    """Each question's reference answer: its source cell without the solution markers."""
    return {
        grade_id(c): markers.unmarked(c.source, (SOLUTION,))
        for c in source_nb.cells
        if c.cell_type == "code" and is_solution(c) and not is_grade(c)
    }


def with_answers(release_nb: NotebookNode, answers: Mapping[str, str]) -> NotebookNode:
    """A copy of a release notebook with the given solution cells replaced, as a learner would."""
    nb = deepcopy(release_nb)
    unknown = set(answers) - set(question_ids(nb))
    if unknown:
        raise KeyError(f"no solution cells {sorted(unknown)} in this notebook")
    for cell in nb.cells:
        if grade_id(cell) in answers and is_solution(cell):
            cell.source = answers[grade_id(cell)]
    return nb


def execution_seconds(nb: NotebookNode) -> float:
    """Wall time from the first cell's start to the last cell's reply, from nbclient's cell timings."""
    stamps = [c.metadata.get("execution", {}) for c in nb.cells if c.cell_type == "code"]
    starts = [s["iopub.execute_input"] for s in stamps if "iopub.execute_input" in s]
    ends = [s["shell.execute_reply"] for s in stamps if "shell.execute_reply" in s]
    if not starts or not ends:
        return 0.0
    first, last = (datetime.fromisoformat(t.replace("Z", "+00:00")) for t in (min(starts), max(ends)))
    return (last - first).total_seconds()
