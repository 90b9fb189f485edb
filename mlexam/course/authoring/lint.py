"""Lint of a source notebook's nbgrader metadata and form."""

from __future__ import annotations

from collections import Counter

from nbformat import NotebookNode
from nbgrader.utils import is_grade, is_locked, is_solution

from mlexam.course.notebooks import grade_id, question_ids, question_of, test_ids, written_ids

SCHEMA_VERSION = 3


def lint(nb: NotebookNode) -> list[str]:
    """Every problem found, as a sentence; an empty list means the notebook is well formed."""
    problems: list[str] = []
    if nb.metadata.get("kernelspec", {}).get("language") != "python":
        problems.append("no Python kernelspec in the notebook metadata")
    graded = [c for c in nb.cells if "nbgrader" in c.metadata]
    ids = [grade_id(c) for c in graded]
    problems += [f"grade_id {i!r} is used {n} times" for i, n in Counter(ids).items() if n > 1]
    problems += [f"a {c.cell_type} nbgrader cell has no grade_id" for c in graded if not grade_id(c)]
    for cell in graded:
        meta = cell.metadata["nbgrader"]
        name = grade_id(cell)
        if meta.get("schema_version") != SCHEMA_VERSION:
            problems.append(f"{name}: nbgrader schema_version {meta.get('schema_version')}, not {SCHEMA_VERSION}")
        if is_grade(cell) and not float(meta.get("points", 0)) >= 1:
            problems.append(f"{name}: a graded cell must be worth at least 1 point")
        if cell.cell_type == "code" and is_grade(cell) and meta.get("locked") is not True:
            problems.append(f"{name}: test cells must be locked")
    questions, tests = question_ids(nb), test_ids(nb)
    for q in questions:
        if not any(question_of(t, questions) == q for t in tests):
            problems.append(f"{q}: no locked test cell named test_{q}*")
    problems += [f"{t}: test cell belongs to no question" for t in tests if question_of(t, questions) is None]
    problems += [f"{w}: written answers are named <topic>_answer" for w in written_ids(nb) if not w.endswith("_answer")]
    code = [c for c in nb.cells if c.cell_type == "code"]
    if not code or not is_locked(code[0]) or is_solution(code[0]) or is_grade(code[0]):
        problems.append("the first code cell must be the locked setup cell")
    if any(c.get("outputs") or c.get("execution_count") for c in code):
        problems.append("source notebooks are stored without outputs")
    return problems
