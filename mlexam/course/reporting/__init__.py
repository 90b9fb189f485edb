"""`mlexam report`: how the class did and which questions worked, from the gradebook, as HTML, PNG and CSV.

Written to `<course>/reports/` (or `out`):

    index.html              --all: every assignment on one page, with the exports
    gradebook_lms.csv       --all: one row per student, one column per assignment (see exports.py)
    grades_nbgrader.csv     --all: `nbgrader export`, one row per student and assignment
    <assignment>/index.html the assignment's page: summary, charts, tables, grading runs
    <assignment>/questions.csv, students.csv, summary.csv, runs.csv
    <assignment>/histogram.png, questions.png
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from mlexam.course.coursedir import Course, CourseError
from mlexam.course.reporting import charts, data, exports, html, stats

PAGE = "index.html"


@dataclass
class AssignmentReport:
    """What was written for one assignment."""

    assignment: str
    page: Path
    files: dict[str, Path]
    section: html.Section = field(repr=False)


@dataclass
class ReportResult:
    """The page to open, and every file written."""

    page: Path
    assignments: list[AssignmentReport]
    exports: dict[str, Path]

    def files(self) -> list[Path]:
        paths = [self.page, *self.exports.values()]
        for a in self.assignments:
            paths += [a.page, *a.files.values()]
        return list(dict.fromkeys(paths))


def _stamp() -> str:
    return f"generated {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} by `mlexam report` from the gradebook"


def choose(course: Course, assignment: str | None) -> list[str]:
    """`assignment` if it has graded submissions, else all such assignments in teaching order."""
    graded = data.gradebook_assignments(course.db_url)
    if assignment is not None:
        if assignment not in graded:
            known = ", ".join(graded) or "none"
            raise CourseError(f"no graded submissions of {assignment!r} in the gradebook; graded: {known}")
        return [assignment]
    if not graded:
        raise CourseError(f"the gradebook of {course.root} has no graded submissions yet: run nbgrader autograde first")
    planned = course.planned_assignments()
    return sorted(graded, key=lambda a: (planned.index(a) if a in planned else len(planned), a))


def report_assignment(course: Course, assignment: str, folder: Path) -> AssignmentReport:
    """Statistics, charts, CSVs and the page of one assignment, in `folder`."""
    d = data.load(course, assignment)
    table, maxima = d.score_table(), d.max_points()
    per_question = stats.question_stats(table, maxima)
    summary = stats.class_stats(table, maxima)
    full = sum(maxima.values())
    percents = [100 * sum(row.values()) / full if full else 0.0 for row in table.values()]
    files = {
        "histogram.png": charts.score_histogram(assignment, percents, summary, folder / "histogram.png"),
        "questions.png": charts.question_chart(
            assignment, per_question, folder / "questions.png", {q.name for q in d.questions if q.manual}
        ),
        "questions.csv": exports.questions_csv(per_question, d, folder / "questions.csv"),
        "students.csv": exports.students_csv(d, folder / "students.csv"),
        "summary.csv": exports.summary_csv(summary, folder / "summary.csv"),
        "runs.csv": exports.runs_csv(d, folder / "runs.csv"),
    }
    section = html.Section(
        d,
        per_question,
        summary,
        files={name: f"{assignment}/{name}" for name in files if name.endswith(".csv")},
        histogram=f"{assignment}/histogram.png",
        question_chart=f"{assignment}/questions.png",
    )
    own = html.Section(
        d,
        per_question,
        summary,
        files={name: name for name in files if name.endswith(".csv")},
        histogram="histogram.png",
        question_chart="questions.png",
    )
    page = html.write_page(folder / PAGE, html.render_page(f"{assignment}: grading report", [own], generated=_stamp()))
    return AssignmentReport(assignment, page, files, section)


def build_report(course: Course, assignment: str | None = None, out: Path | None = None) -> ReportResult:
    """The report of one assignment, or of all graded ones (`assignment=None`) with the exports."""
    out = (out or course.root / "reports").resolve()
    gradebook = course.gradebook_file()
    if gradebook is not None and not gradebook.is_file():
        hint = " (the demo's is in demo-course: --course demo-course)" if (course.root / "demo-course").is_dir() else ""
        where = f"no {gradebook.name} in {gradebook.parent}: run where `nbgrader autograde` ran"
        raise CourseError(f"{where}, or pass --course{hint}")
    chosen = choose(course, assignment)
    reports = [report_assignment(course, a, out / a) for a in chosen]
    if assignment is not None:
        return ReportResult(reports[0].page, reports, {})
    written = {
        "gradebook_lms.csv": exports.lms_csv(course.db_url, chosen, out / "gradebook_lms.csv"),
        "grades_nbgrader.csv": exports.nbgrader_csv(course.root, out / "grades_nbgrader.csv"),
    }
    labels = {
        "LMS gradebook (one row per student, one column per assignment)": "gradebook_lms.csv",
        "nbgrader export (one row per student and assignment)": "grades_nbgrader.csv",
    }
    title = f"{course.course_id or course.root.name}: grading report"
    text = html.render_page(title, [r.section for r in reports], labels, generated=_stamp())
    return ReportResult(html.write_page(out / PAGE, text), reports, written)
