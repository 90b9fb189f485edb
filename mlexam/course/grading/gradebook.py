"""nbgrader's `Gradebook` on both sides of the engine.

Coordinator: read the assignment's definition as plain data (`assignment_spec`), and write one worker result
into the course gradebook in a single transaction (`write_result`). Worker: build its own gradebook from that
definition (`build_gradebook`) so nbgrader's autograde sees exactly the course's cells, then read back what
nbgrader recorded (`read_result`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from nbgrader.api import (
    Assignment,
    Base,
    Comment,
    Grade,
    Gradebook,
    GradeCell,
    MissingEntry,
    Notebook,
    SolutionCell,
    SourceCell,
    Student,
    SubmittedAssignment,
    SubmittedNotebook,
    TaskCell,
)
from sqlalchemy import create_engine, text

from mlexam.course.coursedir import CourseError
from mlexam.course.grading.tasks import FAILED, AssignmentSpec, CellComment, CellGrade, NotebookResult, Result


class GradebookError(CourseError):
    """The course gradebook lacks what autograding needs (e.g. the assignment was never generated)."""


def assignment_spec(db_url: str, course_id: str, assignment: str) -> AssignmentSpec:
    """The assignment as the gradebook defines it (due date, notebooks, cells), as JSON-ready data."""
    with Gradebook(db_url, course_id) as gb:
        try:
            a = gb.find_assignment(assignment)
        except MissingEntry:
            raise GradebookError(
                f"no assignment {assignment!r} in the gradebook: run `nbgrader generate_assignment {assignment}` first"
            ) from None
        version = gb.db.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return {
            "alembic_version": version,
            "name": a.name,
            "duedate": a.duedate.isoformat() if a.duedate else None,
            "notebooks": [
                {
                    "name": nb.name,
                    "kernelspec": nb.kernelspec,
                    "grade_cells": [
                        {"name": c.name, "max_score": c.max_score, "cell_type": c.cell_type} for c in nb.grade_cells
                    ],
                    "solution_cells": [{"name": c.name} for c in nb.solution_cells],
                    "task_cells": [
                        {"name": c.name, "max_score": c.max_score, "cell_type": c.cell_type} for c in nb.task_cells
                    ],
                    "source_cells": [
                        {
                            "name": c.name,
                            "cell_type": c.cell_type,
                            "locked": c.locked,
                            "source": c.source,
                            "checksum": c.checksum,
                        }
                        for c in nb.source_cells
                    ],
                }
                for nb in a.notebooks
            ],
        }


def extension_seconds(gb: Gradebook, assignment: str, student: str) -> float | None:
    """The extension a student was granted on this assignment, if any."""
    try:
        extension = gb.find_submission(assignment, student).extension
    except MissingEntry:
        return None
    return extension.total_seconds() if extension else None


def build_gradebook(db_url: str, course_id: str, spec: AssignmentSpec) -> None:
    """Create the assignment of `spec` (notebooks, cells, due date) in an empty gradebook, in one commit.

    The schema is made here, stamped with the course gradebook's alembic version: nbgrader would otherwise
    run `alembic heads` in a subprocess to find it (a second of CPU).
    """
    if spec.get("alembic_version"):
        engine = create_engine(db_url)
        with engine.begin() as conn:
            Base.metadata.create_all(bind=conn)
            conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
            conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": spec["alembic_version"]})
        engine.dispose()
    with Gradebook(db_url, course_id) as gb:
        duedate = datetime.fromisoformat(spec["duedate"]) if spec["duedate"] else None
        assignment = Assignment(name=spec["name"], duedate=duedate, course_id=course_id)
        for nb in spec["notebooks"]:
            notebook = Notebook(name=nb["name"], assignment=assignment, kernelspec=nb["kernelspec"])
            for c in nb["grade_cells"]:
                GradeCell(notebook=notebook, **c)
            for c in nb["solution_cells"]:
                SolutionCell(notebook=notebook, **c)
            for c in nb["task_cells"]:
                TaskCell(notebook=notebook, **c)
            for c in nb["source_cells"]:
                SourceCell(notebook=notebook, **c)
        gb.db.add(assignment)
        gb.db.commit()


def grant_extension(db_url: str, course_id: str, assignment: str, student: str, seconds: float) -> None:
    """The student's extension, on a submission made ahead of nbgrader's (which then updates it)."""
    with Gradebook(db_url, course_id) as gb:
        gb.update_or_create_student(student)
        gb.add_submission(assignment, student, extension=timedelta(seconds=seconds))


def _new_submission(gb: Gradebook, assignment: Assignment, student: Student, **kwargs: Any) -> SubmittedAssignment:
    """A submission mirroring the assignment's notebooks and cells, as `Gradebook.add_submission` makes it."""
    with gb.db.no_autoflush:
        submission = SubmittedAssignment(assignment=assignment, student=student, **kwargs)
        for notebook in assignment.notebooks:
            nb = SubmittedNotebook(notebook=notebook, assignment=submission)
            for cell in notebook.grade_cells:
                Grade(cell_id=cell.id, notebook=nb)
            for cell in notebook.solution_cells:
                Comment(cell_id=cell.id, notebook=nb)
            for cell in notebook.task_cells:
                Comment(cell_id=cell.id, notebook=nb)
                Grade(cell_id=cell.id, notebook=nb)
        gb.db.add(submission)
    return submission


def read_result(db_url: str, course_id: str, assignment: str, student: str) -> tuple[str | None, list[NotebookResult]]:
    """The submission's timestamp and per-notebook grades and comments, as nbgrader recorded them."""
    with Gradebook(db_url, course_id) as gb:
        submission = gb.find_submission(assignment, student)
        notebooks = []
        for nb in submission.notebooks:
            grades = [
                CellGrade(
                    name=g.cell.name,
                    cell_type=g.cell.cell_type,
                    auto_score=g.auto_score,
                    max_score=g.cell.max_score,
                    needs_manual_grade=g.needs_manual_grade,
                    task=isinstance(g.cell, TaskCell),
                )
                for g in nb.grades
            ]
            comments = [
                CellComment(c.cell.name, c.auto_comment, task=isinstance(c.cell, TaskCell)) for c in nb.comments
            ]
            notebooks.append(NotebookResult(nb.name, grades, comments, nb.late_submission_penalty))
        timestamp = submission.timestamp.isoformat() if submission.timestamp else None
    return timestamp, notebooks


def write_result(gb: Gradebook, result: Result) -> None:
    """Record one worker result in the course gradebook: student, submission, grades, comments, in ONE commit.

    As `nbgrader autograde` does: the submission is created if new (else updated in place, keeping manual
    grades), the timestamp is set, each grade's `auto_score` is replaced, and `needs_manual_grade` is set
    when there is no automatic score or a person had already graded the cell. A failed submission gets zero
    for its autograded cells, all flagged `needs_manual_grade`, so the formgrader shows it for review.
    """
    db = gb.db
    try:
        assignment = db.query(Assignment).filter(Assignment.name == result.assignment).one_or_none()
        if assignment is None:
            raise GradebookError(f"no assignment {result.assignment!r} in the gradebook")
        student = db.get(Student, result.student)
        if student is None:
            student = Student(id=result.student)
            db.add(student)
        submission = (
            db.query(SubmittedAssignment)
            .filter(SubmittedAssignment.assignment_id == assignment.id, SubmittedAssignment.student_id == student.id)
            .one_or_none()
        )
        if submission is None:
            submission = _new_submission(gb, assignment, student)
        if result.timestamp:
            submission.timestamp = datetime.fromisoformat(result.timestamp)
        db.flush()

        failed = result.status == FAILED
        notebooks = {nb.name: nb for nb in submission.notebooks}
        for nb_result in result.notebooks:
            nb = notebooks.get(nb_result.name)
            if nb is None:
                continue
            if not failed:
                nb.late_submission_penalty = nb_result.late_submission_penalty
            cells = {c.id: (c.name, isinstance(c, TaskCell)) for c in nb.notebook._base_cells}
            grades = {cells[g.cell_id]: g for g in nb.grades}
            for cell in nb_result.grades:
                grade = grades.get((cell.name, cell.task))
                if grade is None:
                    continue
                grade.auto_score = cell.auto_score
                manual = grade.manual_score is not None and not nb_result.missing
                grade.needs_manual_grade = failed or cell.needs_manual_grade or manual
            comments = {cells[c.cell_id]: c for c in nb.comments}
            for cell in nb_result.comments:
                comment = comments.get((cell.name, cell.task))
                if comment is not None:
                    comment.auto_comment = cell.auto_comment
        db.commit()
    except BaseException:
        db.rollback()
        raise
    finally:
        db.expunge_all()
