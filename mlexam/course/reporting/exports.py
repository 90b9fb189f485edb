"""The report's CSV files: its numbers, nbgrader's own export, and a gradebook for an LMS import.

The LMS gradebook (`gradebook_lms.csv`) has one row per student in the gradebook and the columns

    student_id, last_name, first_name, email, <assignment>..., total, max_total, percent,
    pending_points, pending_manual

`<assignment>` is one column per assignment (named by its nbgrader id, in teaching order) holding the
points as nbgrader exports them (`score` of `nbgrader export`: the submission's points minus any
late penalty, at least 0), and empty when the student submitted nothing; `total` adds the columns
(nothing submitted counts 0), `max_total` is the points of all the assignments and `percent`
is `total / max_total`. Written answers nobody has graded yet add nothing to these numbers: they are
pending, `pending_points` adds up their points (what `total` can still gain) and `pending_manual` names
their assignments, so a row with pending points is not a final grade. Numbers have at most two decimals.

`<assignment>/students.csv` has one row per submission: a column per question with its points, or
`pending` for a written answer nobody has graded yet; `total` and `max_total` are the points of the
questions graded so far (pending ones left out), `percent` their ratio, `pending_points` the points
still to grade.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from mlexam.course.nbgrader_run import nbgrader
from mlexam.course.reporting.data import AssignmentData
from mlexam.course.reporting.stats import ClassStats, QuestionStats
from mlexam.course.scores import is_pending

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LMS_FIXED = ["student_id", "last_name", "first_name", "email"]


def number(value: float | None) -> str:
    """A score for a CSV cell: at most two decimals, no trailing zeros; empty for None."""
    if value is None:
        return ""
    return f"{round(value, 2):g}"


def safe_text(value: str | None) -> str:
    """Free text for a CSV cell that a spreadsheet will not run as a formula."""
    text = value or ""
    return "'" + text if text.startswith(FORMULA_START) else text


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def questions_csv(stats: Sequence[QuestionStats], data: AssignmentData, path: Path) -> Path:
    """One row per question: the item statistics; written answers still being graded are listed, empty."""
    header = [
        "question",
        "kind",
        "max_points",
        "n",
        "mean",
        "mean_percent",
        "full_marks_share",
        "difficulty",
        "discrimination",
        "discrimination_verdict",
        "upper_lower",
        "note",
    ]
    kinds = {q.name: "written" if q.manual else "autograded" for q in data.questions}
    rows = [
        [
            q.question,
            kinds.get(q.question, "autograded"),
            number(q.max_points),
            q.n,
            f"{q.mean:.3f}",
            f"{q.mean_percent:.1f}",
            f"{q.full_marks:.3f}",
            f"{q.difficulty:.3f}",
            "" if q.discrimination is None else f"{q.discrimination:.3f}",
            q.verdict,
            "" if q.upper_lower is None else f"{q.upper_lower:.3f}",
            q.note,
        ]
        for q in stats
    ]
    graded = sum(s.graded for s in data.submissions.values())
    rows += [
        [
            q.name,
            "written",
            number(q.max_points),
            "",
            "",
            "",
            "",
            "",
            "",
            "n/a",
            "",
            f"awaiting manual grading: {data.pending_count(q.name)} of {graded} submissions pending",
        ]
        for q in data.pending_questions()
    ]
    return write_csv(path, header, rows)


def students_csv(data: AssignmentData, path: Path) -> Path:
    """One row per submission: points per question (`pending` while a written answer awaits a person), the
    total over the questions graded so far, the points still pending, and whether grading failed (such rows
    are left out of the statistics)."""
    names = [q.name for q in data.questions]
    header = ["student_id", *names, "total", "max_total", "percent", "pending_points", "grading"]
    failed = data.failed_students()
    rows = []
    for s in sorted(data.submissions.values(), key=lambda s: s.student):
        if not s.graded:
            rows.append([s.student, *["" for _ in names], "", "", "", "", "not graded"])
            continue
        t = s.totals(data.questions)
        rows.append(
            [
                s.student,
                *["pending" if s.pending(q) else number(s.points.get(q)) for q in names],
                number(t.points),
                number(t.max_points),
                "" if t.percent is None else f"{t.percent:.1f}",
                number(t.pending),
                "failed" if s.student in failed else "graded",
            ]
        )
    return write_csv(path, header, rows)


def summary_csv(summary: ClassStats, path: Path) -> Path:
    """The class as a whole, one `measure,value` row each."""
    rows = [
        ["submissions", summary.n],
        ["max_points", number(summary.max_points)],
        ["mean_percent", f"{summary.mean_percent:.1f}"],
        ["median_percent", f"{summary.median_percent:.1f}"],
        ["sd_percent", f"{summary.sd_percent:.1f}"],
        ["min_percent", f"{summary.min_percent:.1f}"],
        ["max_percent", f"{summary.max_percent:.1f}"],
        ["cronbach_alpha", "" if summary.alpha is None else f"{summary.alpha:.3f}"],
    ]
    return write_csv(path, ["measure", "value"], rows)


def runs_csv(data: AssignmentData, path: Path) -> Path:
    """One row per graded or failed submission: status, reason, times, where it ran, tamper flags."""
    header = ["student_id", "status", "reason", "seconds", "execute_seconds", "worker", "sandbox", "tamper_flags"]
    rows = [
        [
            r.student,
            r.status,
            safe_text(r.reason),
            number(r.seconds),
            number(r.execute_seconds),
            safe_text(r.worker),
            safe_text(r.sandbox),
            safe_text("; ".join(f"{t.kind} in {t.cell or 'notebook'}: {t.detail}" for t in r.tamper)),
        ]
        for r in data.runs
    ]
    return write_csv(path, header, rows)


def lms_csv(url: str, assignments: Sequence[str], path: Path) -> Path:
    """The LMS gradebook: one row per student, one column per assignment (see the module docstring)."""
    with Gradebook(url) as gb:
        maxima = {a: float(gb.find_assignment(a).max_score or 0.0) for a in assignments}
        rows = []
        for student in sorted(gb.students, key=lambda s: s.id):
            cells, total, pending, pending_points = [], 0.0, [], 0.0
            for a in assignments:
                try:
                    sub = gb.find_submission(a, student.id)
                except MissingEntry:
                    cells.append("")
                    continue
                score = max(0.0, float(sub.score or 0.0) - float(sub.late_submission_penalty or 0.0))
                total += score
                cells.append(number(score))
                waiting = sum(float(g.max_score or 0.0) for nb in sub.notebooks for g in nb.grades if is_pending(g))
                pending_points += waiting
                if sub.needs_manual_grade or waiting:
                    pending.append(a)
            full = sum(maxima.values())
            rows.append(
                [
                    student.id,
                    safe_text(student.last_name),
                    safe_text(student.first_name),
                    safe_text(student.email),
                    *cells,
                    number(total),
                    number(full),
                    f"{100 * total / full:.1f}" if full else "",
                    number(pending_points),
                    " ".join(pending),
                ]
            )
    header = [*LMS_FIXED, *assignments, "total", "max_total", "percent", "pending_points", "pending_manual"]
    return write_csv(path, header, rows)


def nbgrader_csv(root: Path, path: Path) -> Path:
    """`nbgrader export --to PATH` in the course: one row per student and assignment."""
    path.parent.mkdir(parents=True, exist_ok=True)
    nbgrader(root, "export", "--to", str(path.resolve()))
    return path
