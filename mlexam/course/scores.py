"""Question scores from nbgrader's gradebook, through its `Gradebook` API: each question's test cells added up.

A test cell counts for the question it is named after (`test_<question>` or `test_<question>_...`, see
`notebooks.question_of`); a written answer is its own question. A question is named by its `grade_id`, prefixed with
`notebook:` where two notebooks of the assignment share that name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nbgrader.api import Gradebook

from mlexam.course.notebooks import question_of


@dataclass
class QuestionScore:
    """One question's points in one submission: its test cells added up, or a written answer's grade."""

    score: float
    max_score: float
    manual: bool = False  # a written answer, graded by a person
    pending: bool = False  # a written answer nobody has graded yet (its score says nothing so far)


def question_names(gb: Gradebook, assignment: str) -> dict[tuple[str, str], str]:
    """(notebook, grade cell) -> the question that cell's points count for."""
    cells = []
    for nb in gb.find_assignment(assignment).notebooks:
        questions = [c.name for c in nb.source_cells if c.name and not c.name.startswith("test_")]
        for cell in nb.grade_cells:
            manual = cell.cell_type == "markdown"
            cells.append((nb.name, cell.name, cell.name if manual else question_of(cell.name, questions) or cell.name))
    homes: dict[str, set[str]] = {}
    for nb_name, _, owner in cells:
        homes.setdefault(owner, set()).add(nb_name)
    return {(nb, cell): f"{nb}:{owner}" if len(homes[owner]) > 1 else owner for nb, cell, owner in cells}


def is_pending(grade: Any) -> bool:
    """A written answer nobody has graded yet: nbgrader left it to a person (the student wrote something; an
    answer left as released gets 0 at once) and no manual score has been given."""
    return (
        grade.cell_type == "markdown"
        and grade.manual_score is None
        and bool(grade.needs_manual_grade or grade.auto_score is None)
    )


def submission_scores(submission: Any, names: dict[tuple[str, str], str]) -> dict[str, QuestionScore]:
    """One gradebook submission's points per question (`names` from `question_names`)."""
    scores: dict[str, QuestionScore] = {}
    for nb in submission.notebooks:
        for grade in nb.grades:
            name = names.get((nb.name, grade.name), grade.name)
            entry = scores.setdefault(name, QuestionScore(0.0, 0.0, grade.cell_type == "markdown"))
            entry.score += grade.score or 0.0
            entry.max_score += grade.max_score
            entry.pending |= is_pending(grade)
    return scores


def read_scores(db_url: str, assignment: str) -> dict[str, dict[str, QuestionScore]]:
    """Per student, per question: the points the gradebook holds."""
    with Gradebook(db_url) as gb:
        names = question_names(gb, assignment)
        return {s.student_id: submission_scores(s, names) for s in gb.assignment_submissions(assignment)}
