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

from traitlets.config.loader import PyFileConfigLoader

from mlexam.course.layout import CONFIG_FILE, Course, CourseError
from mlexam.course.report import charts, data, exports, html, stats

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


def _course_id(root: Path) -> str:
    config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    return str(config.CourseDirectory.get("course_id") or root.name)


def _stamp() -> str:
    return f"generated {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} by `mlexam report` from the gradebook"


def choose(root: Path, url: str, assignment: str | None) -> list[str]:
    """`assignment` if it has graded submissions, else all such assignments in teaching order."""
    graded = data.gradebook_assignments(url)
    if assignment is not None:
        if assignment not in graded:
            known = ", ".join(graded) or "none"
            raise CourseError(f"no graded submissions of {assignment!r} in the gradebook; graded: {known}")
        return [assignment]
    if not graded:
        raise CourseError(f"the gradebook of {root} has no graded submissions yet: run nbgrader autograde first")
    planned = Course(root).planned_assignments()
    return sorted(graded, key=lambda a: (planned.index(a) if a in planned else len(planned), a))


def report_assignment(root: Path, assignment: str, folder: Path, url: str) -> AssignmentReport:
    """Statistics, charts, CSVs and the page of one assignment, in `folder`."""
    d = data.load(root, assignment, url)
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


def build_report(root: Path, assignment: str | None = None, out: Path | None = None) -> ReportResult:
    """The report of one assignment, or of all graded ones (`assignment=None`) with the exports."""
    root = root.resolve()
    out = (out or root / "reports").resolve()
    url = data.db_url(root)
    chosen = choose(root, url, assignment)
    reports = [report_assignment(root, a, out / a, url) for a in chosen]
    if assignment is not None:
        return ReportResult(reports[0].page, reports, {})
    written = {
        "gradebook_lms.csv": exports.lms_csv(url, chosen, out / "gradebook_lms.csv"),
        "grades_nbgrader.csv": exports.nbgrader_csv(root, out / "grades_nbgrader.csv"),
    }
    labels = {
        "LMS gradebook (one row per student, one column per assignment)": "gradebook_lms.csv",
        "nbgrader export (one row per student and assignment)": "grades_nbgrader.csv",
    }
    text = html.render_page(
        f"{_course_id(root)}: grading report", [r.section for r in reports], labels, generated=_stamp()
    )
    return ReportResult(html.write_page(out / PAGE, text), reports, written)
