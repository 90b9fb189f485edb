"""`mlexam report`, feedback without hidden tests, and the CSV exports.

Unit tests on hand-made score tables and notebooks run in seconds; the rest share one real graded
class (`mlexam demo --assignment ml_debugging`, which writes the report itself) and check the
report's numbers, the exports and the feedback against nbgrader's gradebook.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output
from support import MLEXAM, ROOT
from support.feedback import judge_code_lines, visible_text

from mlexam.course import notebooks
from mlexam.course.coursedir import Course
from mlexam.course.grading.tasks import TamperFinding
from mlexam.course.markers import DEFAULT
from mlexam.course.reporting import build_report, data, exports, html, stats
from mlexam.course.reporting.feedback import HideHiddenTests, hidden_test_lines
from mlexam.course.scores import read_scores

ASSIGNMENT = "ml_debugging"
NOTEBOOK = "single_batch"

# ---------------------------------------------------------------- statistics on hand-made tables


def table(columns: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """Students s0, s1, ... by question, from one list of points per question."""
    n = len(next(iter(columns.values())))
    return {f"s{i}": {q: points[i] for q, points in columns.items()} for i in range(n)}


def by_name(result: list[stats.QuestionStats]) -> dict[str, stats.QuestionStats]:
    return {q.question: q for q in result}


@pytest.mark.unit
def test_a_question_strong_students_pass_and_weak_fail_discriminates_well():
    scores = table(
        {
            "sorts": [1, 1, 1, 1, 0, 0, 0, 0],  # the four strongest pass it, the four weakest fail it
            "a": [2, 2, 2, 1, 1, 1, 0, 0],
            "b": [3, 3, 2, 2, 1, 1, 0, 0],
            "everyone": [1, 1, 1, 1, 1, 1, 1, 1],
            "backwards": [0, 0, 0, 0, 1, 1, 1, 1],  # only the weak pass it
        }
    )
    result = by_name(stats.question_stats(scores, {"sorts": 1, "a": 2, "b": 3, "everyone": 1, "backwards": 1}))
    assert result["sorts"].discrimination > 0.6 and result["sorts"].verdict == "very good"
    assert result["sorts"].upper_lower == pytest.approx(1.0)
    assert result["backwards"].discrimination < 0 and result["backwards"].verdict == "negative"
    assert result["backwards"].upper_lower == pytest.approx(-1.0)
    # a question everyone passes cannot separate anybody: undefined, and the report says why
    everyone = result["everyone"]
    assert everyone.discrimination is None and everyone.verdict == "n/a"
    assert everyone.upper_lower == 0.0
    assert "same" in everyone.note
    assert everyone.full_marks == 1.0 and everyone.difficulty == 0.0 and everyone.mean_percent == 100.0


@pytest.mark.unit
def test_discrimination_is_the_correlation_with_the_rest_of_the_assignment():
    scores = table({"q": [0, 1, 2, 2, 1], "r1": [1, 3, 2, 4, 0], "r2": [0, 1, 1, 2, 2]})
    q = by_name(stats.question_stats(scores, {"q": 2, "r1": 4, "r2": 2}))["q"]
    xs, rest = [0, 1, 2, 2, 1], [1, 4, 3, 6, 2]
    mx, my = sum(xs) / 5, sum(rest) / 5
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, rest))
    expected = cov / math.sqrt(sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in rest))
    assert q.discrimination == pytest.approx(expected)
    assert q.mean == pytest.approx(1.2) and q.mean_percent == pytest.approx(60.0)
    assert q.full_marks == pytest.approx(0.4) and q.difficulty == pytest.approx(0.4)


@pytest.mark.unit
def test_tiny_and_flat_classes_are_reported_not_crashed():
    one = stats.question_stats({"ada": {"q": 1.0, "r": 0.0}}, {"q": 1, "r": 1})
    assert all(q.discrimination is None and q.upper_lower is None for q in one)
    assert "too few" in one[0].note
    two = stats.question_stats(table({"q": [1, 0], "r": [1, 0]}), {"q": 1, "r": 1})
    assert two[0].discrimination is None and two[0].upper_lower == pytest.approx(1.0)
    # the rest of the assignment does not vary: nothing to correlate with
    flat_rest = by_name(stats.question_stats(table({"q": [1, 0, 1], "r": [1, 1, 1]}), {"q": 1, "r": 1}))
    assert flat_rest["q"].discrimination is None and "other questions" in flat_rest["q"].note
    empty = stats.question_stats({}, {"q": 1})
    assert empty[0].n == 0 and empty[0].note == "no submissions"
    summary = stats.class_stats({}, {"q": 1})
    assert summary.n == 0 and summary.alpha is None


@pytest.mark.unit
def test_class_statistics():
    scores = table({"a": [1, 1, 0, 0], "b": [1, 0, 1, 0]})
    summary = stats.class_stats(scores, {"a": 1, "b": 1})
    assert summary.n == 4 and summary.max_points == 2
    assert summary.mean_percent == 50 and summary.median_percent == 50
    assert (summary.min_percent, summary.max_percent) == (0, 100)
    # alpha = k/(k-1) * (1 - sum of item variances / variance of totals) = 2 * (1 - 0.5 / 0.5) = 0
    assert summary.alpha == pytest.approx(0.0)
    consistent = table({"a": [1, 1, 0, 0], "b": [1, 1, 0, 0]})
    assert stats.cronbach_alpha(consistent, ["a", "b"]) == pytest.approx(1.0)


# ---------------------------------------------------------------- the page escapes what students control


def fake_assignment(student: str, reason: str, detail: str) -> data.AssignmentData:
    questions = [data.Question("q1", "nb", 2.0, False), data.Question("essay", "nb", 3.0, True)]
    submissions = {
        student: data.Submission(student, {"q1": 2.0, "essay": None}),
        "bob": data.Submission("bob", {"q1": 0.0, "essay": None}),
    }
    runs = [
        data.Run(student, "graded", seconds=3.0, tamper=[TamperFinding("locked_cell_changed", detail, "test_q1")]),
        data.Run("bob", "failed", reason),
    ]
    return data.AssignmentData("a1", questions, submissions, runs, "the engine's log", Path("x.jsonl"), True)


@pytest.mark.unit
def test_the_page_escapes_student_ids_reasons_and_tamper_details():
    evil = "<script>alert('id')</script>"
    d = fake_assignment(evil, "timeout <img src=x onerror=alert(1)>", "</td><script>bad()</script>")
    scores, maxima = d.score_table(), d.max_points()
    section = html.Section(d, stats.question_stats(scores, maxima), stats.class_stats(scores, maxima))
    page = html.render_page("report <b>", [section], {"lms": "gradebook lms.csv"})
    assert "<script" not in page and "<img" not in page and "<b>" not in page.split("<h1>")[1][:20]
    assert "&lt;script&gt;alert(&#x27;id&#x27;)&lt;/script&gt;" in page
    assert "timeout &lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="gradebook%20lms.csv"' in page
    # the written answer nobody graded is left out of the numbers, and said so
    assert [q.name for q in d.pending_questions()] == ["essay"] and list(maxima) == ["q1"]
    assert "awaiting manual grading" in page and "essay" in page


@pytest.mark.unit
def test_written_answers_nobody_graded_are_pending_not_zero(tmp_path):
    questions = [data.Question("q1", "nb", 2.0, False), data.Question("essay", "nb", 3.0, True)]
    submissions = {
        "ada": data.Submission("ada", {"q1": 2.0, "essay": None}),  # wrote an answer: it waits for a person
        "bob": data.Submission("bob", {"q1": 1.0, "essay": 0.0}),  # left it blank: nbgrader gives 0 at once
        "cy": data.Submission("cy", {}),  # not graded
    }
    d = data.AssignmentData("a1", questions, submissions, [], "the engine's log", None, False)
    ada, bob = (submissions[s].totals(questions) for s in ("ada", "bob"))
    assert (ada.auto, ada.auto_max, ada.pending, ada.pending_count) == (2.0, 2.0, 3.0, 1)
    assert (ada.points, ada.max_points, ada.percent) == (2.0, 2.0, 100.0)  # "2/2, 3 points pending", not 2/5
    assert (bob.points, bob.max_points, bob.pending) == (1.0, 5.0, 0.0)
    assert d.pending_count("essay") == 1 and [q.name for q in d.pending_questions()] == ["essay"]

    rows = {r["student_id"]: r for r in read_csv(exports.students_csv(d, tmp_path / "students.csv"))}
    assert rows["ada"] == {
        "student_id": "ada",
        "q1": "2",
        "essay": "pending",
        "total": "2",
        "max_total": "2",
        "percent": "100.0",
        "pending_points": "3",
        "grading": "graded",
    }
    assert (rows["bob"]["essay"], rows["bob"]["max_total"], rows["bob"]["pending_points"]) == ("0", "5", "0")
    assert rows["cy"]["grading"] == "not graded" and rows["cy"]["total"] == ""
    scores, maxima = d.score_table(), d.max_points()
    per_question = stats.question_stats(scores, maxima)
    essay = read_csv(exports.questions_csv(per_question, d, tmp_path / "questions.csv"))[-1]
    assert essay["question"] == "essay" and essay["note"] == "awaiting manual grading: 1 of 2 submissions pending"

    page = html.render_section(html.Section(d, per_question, stats.class_stats(scores, maxima)))
    students = visible_text(page.split("<h3>Students</h3>")[1].split("<h3>")[0])
    assert "pending/3" in students and "2/2 (100%)" in students and "3 points" in students
    assert "1/5 (20%)" in students and "0/3" in students


@pytest.mark.unit
def test_csv_cells_are_not_formulas_and_numbers_are_short():
    assert exports.safe_text("=HYPERLINK(1)") == "'=HYPERLINK(1)" and exports.safe_text("fine") == "fine"
    assert exports.number(2.0) == "2" and exports.number(2.3333) == "2.33" and exports.number(None) == ""


@pytest.mark.unit
def test_the_engine_log_last_entry_wins_and_bad_lines_are_reported(tmp_path):
    log = tmp_path / "a1.jsonl"
    entries = [
        {"assignment": "a1", "student": "ada", "status": "failed", "reason": "timeout", "seconds": 60.0},
        {"assignment": "a1", "student": "ada", "status": "graded", "reason": None, "seconds": 12.5, "tamper": []},
        {"assignment": "other", "student": "zed", "status": "graded", "seconds": 1.0},
        {
            "assignment": "a1",
            "student": "bob",
            "status": "graded",
            "seconds": 3,
            "execute_seconds": 2.5,
            "tamper": [{"cell": "test_q1", "kind": "locked_cell_changed", "detail": "source differs"}],
        },
    ]
    log.write_text(
        "\n".join(json.dumps(e) for e in entries[:2])
        + "\nnot json\n"
        + "\n".join(json.dumps(e) for e in entries[2:])
        + "\n"
    )
    runs, tamper_recorded, problems = data.read_log(log, "a1")
    assert [r.student for r in runs] == ["ada", "bob"] and tamper_recorded
    assert runs[0].status == "graded" and runs[0].seconds == 12.5
    assert runs[1].tamper == [TamperFinding("locked_cell_changed", "source differs", "test_q1")]
    assert problems == ["line 3 is not a log entry"]


# ---------------------------------------------------------------- feedback without hidden tests

HIDDEN_CELL = """# Hidden tests: they run when your notebook is graded.
### BEGIN HIDDEN TESTS
_expected_secret_value = reference_solution(seed=1234)
assert answer(1234) == _expected_secret_value, "the answer differs from the reference"
### END HIDDEN TESTS
"""


def graded_cell(source: str, grade_id: str, score: float, points: float, outputs: list) -> nbformat.NotebookNode:
    cell = new_code_cell(source, outputs=outputs)
    cell.metadata["nbgrader"] = {
        "grade": True,
        "solution": False,
        "locked": True,
        "grade_id": grade_id,
        "points": points,
        "score": score,
    }
    return cell


@pytest.mark.unit
def test_the_preprocessor_drops_hidden_code_and_tracebacks_and_keeps_the_result():
    traceback = [
        "AssertionError  Traceback (most recent call last)",
        '----> 3 assert answer(1234) == _expected_secret_value, "the answer differs from the reference"',
        "AssertionError: the answer differs from the reference",
    ]
    outputs = [
        new_output("stream", name="stdout", text="checking\n_expected_secret_value = reference_solution(seed=1234)\n"),
        new_output(
            "error", ename="AssertionError", evalue="the answer differs from the reference", traceback=traceback
        ),
    ]
    nb = new_notebook(cells=[graded_cell(HIDDEN_CELL, "test_q_hidden", 0.0, 2.0, outputs)])
    out, _ = HideHiddenTests().preprocess(nb, {})
    cell = out.cells[0]
    everything = cell.source + json.dumps(cell.outputs)
    for line in hidden_test_lines(HIDDEN_CELL, DEFAULT):
        assert line not in everything
    assert "BEGIN HIDDEN" not in everything and "Traceback" not in everything
    assert cell.source.startswith("# Hidden tests: they run")  # the visible part stays
    result = cell.outputs[0]["data"]["text/plain"]
    assert result == "test_q_hidden: failed, 0 / 2 points. AssertionError: the answer differs from the reference"
    assert cell.outputs[1]["text"] == "checking\n"


@pytest.mark.unit
def test_a_passed_visible_test_keeps_its_code_and_an_unclosed_or_bare_region_is_cut():
    nb = new_notebook(cells=[graded_cell("assert f(1) == 2\nprint('ok')", "test_q", 1.0, 1.0, [])])
    cell = HideHiddenTests().preprocess(nb, {})[0].cells[0]
    assert cell.source == "assert f(1) == 2\nprint('ok')"
    assert cell.outputs[0]["data"]["text/plain"] == "test_q: passed, 1 / 1 points"
    assert "<b>test_q</b>" in cell.outputs[0]["data"]["text/html"]
    unclosed = "x = 1\n### BEGIN HIDDEN TESTS\nassert secret_function_call(x) == 42\n"
    bare = "x = 1\n# BEGIN HIDDEN TESTS\nassert secret_function_call(x) == 42\n# END HIDDEN TESTS"  # nbgrader's too
    cells = [graded_cell(source, f"test_q{k}", 0.0, 1.0, []) for k, source in enumerate((unclosed, bare))]
    for cell in HideHiddenTests().preprocess(new_notebook(cells=cells), {})[0].cells:
        assert cell.source.rstrip() == "x = 1\n# (hidden tests: not shown in feedback)", cell.source


@pytest.mark.unit
def test_result_lines_escape_student_messages():
    evil = "<script>steal()</script>"
    outputs = [new_output("error", ename="ValueError", evalue=evil, traceback=[])]
    nb = new_notebook(cells=[graded_cell("f()", "test_q", 0.0, 1.0, outputs)])
    cell = HideHiddenTests().preprocess(nb, {})[0].cells[0]
    assert "<script>" not in cell.outputs[0]["data"]["text/html"]


# ---------------------------------------------------------------- one real graded class for the rest


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> tuple[Path, str]:
    """A demo course with a graded class and its report (the demo writes it); and the demo's output."""
    out = tmp_path_factory.mktemp("report") / "demo"
    run = subprocess.run(
        [*MLEXAM, "demo", "--out", str(out), "--assignment", ASSIGNMENT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "220"},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return out, run.stdout


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.slow
def test_mlexam_report_all_writes_the_page_charts_and_csvs(graded):
    course, demo_stdout = graded
    assert f"Where to look, in {course}:" in demo_stdout.replace("\n", "") and "reports/index.html" in demo_stdout
    run = subprocess.run(
        [*MLEXAM, "report", "--all", "--course", str(course)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "300"},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    reports = course / "reports"
    folder = reports / ASSIGNMENT
    for name in ("index.html", "gradebook_lms.csv", "grades_nbgrader.csv"):
        assert (reports / name).stat().st_size > 0, name
    for name in ("index.html", "questions.csv", "students.csv", "summary.csv", "runs.csv"):
        assert (folder / name).stat().st_size > 0, name
    for name in ("histogram.png", "questions.png"):
        png = (folder / name).read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000, name
    page = (reports / "index.html").read_text()
    for link in (
        "gradebook_lms.csv",
        "grades_nbgrader.csv",
        f"{ASSIGNMENT}/questions.png",
        f"{ASSIGNMENT}/histogram.png",
        f"{ASSIGNMENT}/questions.csv",
        f"{ASSIGNMENT}/runs.csv",
    ):
        assert f'"{link}"' in page, link
    scores = read_scores(f"sqlite:///{course / 'gradebook.db'}", ASSIGNMENT)
    for student in scores:
        assert f'<td class="l">{student}</td>' in page
    for question in next(iter(scores.values())):
        assert f"<code>{question}</code>" in page
    # the demo grades with the engine: its log gives the slowest submissions, with worker and sandbox
    assert "Slowest submissions" in page and ">sandbox</th>" in page
    assert "None: every submission was graded." in page
    assert "None: no submission changed what it should not." in page  # an honest class: no tamper flags


def pending_answers(course: Path) -> dict[str, dict[str, float]]:
    """student -> written answer -> its points, for the answers nobody has graded yet (nbgrader left them to a
    person: the student wrote one), read through nbgrader's Gradebook API."""
    from nbgrader.api import Gradebook

    found: dict[str, dict[str, float]] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for sub in gb.assignment_submissions(ASSIGNMENT):
            for nb in sub.notebooks:
                for g in nb.grades:
                    if g.cell_type == "markdown" and g.auto_score is None and g.manual_score is None:
                        found.setdefault(sub.student_id, {})[g.name] = g.max_score
    return found


@pytest.mark.slow
def test_report_numbers_match_the_gradebook(graded):
    course, _ = graded
    scores = read_scores(f"sqlite:///{course / 'gradebook.db'}", ASSIGNMENT)  # nbgrader's Gradebook API
    pending = pending_answers(course)
    students = sorted(scores)
    questions = list(scores[students[0]])
    # the demo's class: those who answer everything write the written answers, which wait for a person;
    # the partial and the blank submission left them as released (0 from nbgrader)
    written = [q for q in questions if scores[students[0]][q].manual]
    assert written and set(pending) == {"ada", "cleo", "dara", "emil"}
    assert all(set(pending[s]) == set(written) for s in pending)
    counted = [q for q in questions if q not in written]  # the report's numbers: no question still pending
    rows = {r["question"]: r for r in read_csv(course / "reports" / ASSIGNMENT / "questions.csv")}
    assert list(rows) == counted + written
    for q in written:
        assert rows[q]["kind"] == "written" and rows[q]["n"] == ""
        assert rows[q]["note"] == f"awaiting manual grading: {len(pending)} of {len(students)} submissions pending"
    totals = {s: sum(scores[s][q].score for q in counted) for s in students}
    for q in counted:
        points = [scores[s][q].score for s in students]
        top = scores[students[0]][q].max_score
        row = rows[q]
        assert int(row["n"]) == len(students) and float(row["max_points"]) == top
        assert float(row["mean"]) == pytest.approx(sum(points) / len(points), abs=1e-3)
        assert float(row["full_marks_share"]) == pytest.approx(sum(p == top for p in points) / len(points), abs=1e-3)
        rest = [totals[s] - scores[s][q].score for s in students]
        if len(set(points)) > 1:
            mx, my = sum(points) / len(points), sum(rest) / len(rest)
            cov = sum((x - mx) * (y - my) for x, y in zip(points, rest))
            r = cov / math.sqrt(sum((x - mx) ** 2 for x in points) * sum((y - my) ** 2 for y in rest))
            assert float(row["discrimination"]) == pytest.approx(r, abs=1e-3)
        else:
            assert row["discrimination"] == "" and row["discrimination_verdict"] == "n/a" and row["note"]
    by_student = {r["student_id"]: r for r in read_csv(course / "reports" / ASSIGNMENT / "students.csv")}
    assert sorted(by_student) == students
    for s in students:
        waiting = pending.get(s, {})
        row = by_student[s]
        graded_max = sum(scores[s][q].max_score for q in questions if q not in waiting)
        assert float(row["total"]) == pytest.approx(sum(scores[s][q].score for q in questions))
        assert float(row["max_total"]) == pytest.approx(graded_max)  # pending answers are not 0 of their points
        assert float(row["pending_points"]) == pytest.approx(sum(waiting.values()))
        for q in questions:
            if q in waiting:
                assert row[q] == "pending", (s, q)
            else:
                assert float(row[q]) == pytest.approx(scores[s][q].score), (s, q)
    summary = {r["measure"]: r["value"] for r in read_csv(course / "reports" / ASSIGNMENT / "summary.csv")}
    full = sum(scores[students[0]][q].max_score for q in counted)
    assert int(summary["submissions"]) == len(students) and float(summary["max_points"]) == full
    assert float(summary["mean_percent"]) == pytest.approx(100 * sum(totals.values()) / len(students) / full, abs=0.06)
    runs = read_csv(course / "reports" / ASSIGNMENT / "runs.csv")
    assert sorted(r["student_id"] for r in runs) == students
    assert all(r["status"] == "graded" and float(r["seconds"]) > 0 for r in runs)


@pytest.mark.slow
def test_exports_match_the_gradebook(graded):
    from nbgrader.api import Gradebook

    course, _ = graded
    lms = read_csv(course / "reports" / "gradebook_lms.csv")
    exported = read_csv(course / "reports" / "grades_nbgrader.csv")
    pending = pending_answers(course)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        students = sorted(s.id for s in gb.students)
        full = gb.find_assignment(ASSIGNMENT).max_score
        expected = {s: gb.find_submission(ASSIGNMENT, s).score for s in students}
    # the LMS shape: one row per student, one column per assignment, then the totals
    header = [*exports.LMS_FIXED, ASSIGNMENT, "total", "max_total", "percent", "pending_points", "pending_manual"]
    assert list(lms[0]) == header
    assert [r["student_id"] for r in lms] == students
    for row in lms:
        score = expected[row["student_id"]]
        assert float(row[ASSIGNMENT]) == pytest.approx(score) and float(row["total"]) == pytest.approx(score)
        assert float(row["max_total"]) == full
        assert float(row["percent"]) == pytest.approx(100 * score / full, abs=0.06)
        waiting = pending.get(row["student_id"], {})
        assert float(row["pending_points"]) == pytest.approx(sum(waiting.values()))
        assert row["pending_manual"] == (ASSIGNMENT if waiting else "")
    # nbgrader's own export: one row per student and assignment
    assert sorted((r["student_id"], r["assignment"]) for r in exported) == [(s, ASSIGNMENT) for s in students]
    for row in exported:
        assert float(row["score"]) == pytest.approx(expected[row["student_id"]])
        assert float(row["max_score"]) == full


@pytest.mark.slow
def test_feedback_shows_results_points_and_reasons_but_no_hidden_test(graded):
    course, _ = graded
    source = notebooks.read(course / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    # what feedback may show: the notebook (answers included), and the learner's package (in tracebacks)
    public = "\n".join(
        [cell.source for cell in source.cells] + [p.read_text() for p in (ROOT / "mlexam" / "learner").glob("*.py")]
    )
    secrets = {s for s in judge_code_lines(course / "source" / ASSIGNMENT / f"{NOTEBOOK}_judge.py") if s not in public}
    assert len(secrets) > 20
    scores = read_scores(f"sqlite:///{course / 'gradebook.db'}", ASSIGNMENT)
    tests = notebooks.test_ids(source)
    explained = []
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in scores:
            graded_nb = (course / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb").read_text()
            assert "mlexam.testkit.probe" not in graded_nb, f"{student}: a probe cell was left in the graded copy"
            text = visible_text((course / "feedback" / student / ASSIGNMENT / f"{NOTEBOOK}.html").read_text())
            leaked = [s for s in secrets if s in text]
            assert not leaked, f"{student}'s feedback shows the judge's code: {leaked[:3]}"
            for test in tests:
                grade = gb.find_grade(test, NOTEBOOK, ASSIGNMENT, student)
                word = "passed" if grade.score >= grade.max_score else ("partly passed" if grade.score else "failed")
                assert f"{test}: {word}, {grade.score:g} / {grade.max_score:g} points" in text, (student, test)
                assert f"Grade cell: {test}" in text
            # a choice question is explained curve by curve, right or wrong, whatever the score (unless the
            # answer was never given: then the feedback says that its name is not defined)
            causes = text[text.index("test_causes_hidden:") :][:3000]
            if "your code raised" in causes[:400]:
                continue
            explained.append(student)
            for curve in "ABCD":
                assert re.search(rf"(right|wrong): (curve )?{curve}\b", causes), (student, curve, causes[:600])
    assert len(explained) >= 3, f"only {explained} got item-by-item reasons"


@pytest.mark.slow
def test_report_reads_the_engine_log_when_there_is_one(graded, tmp_path):
    """Slowest, failed and tampered submissions from `logs/autograde/<assignment>.jsonl`, escaped on the page."""
    course, _ = graded
    copy = tmp_path / "course"
    copy.mkdir()
    for part in ("nbgrader_config.py", "gradebook.db"):
        shutil.copy2(course / part, copy / part)
    shutil.copytree(course / "source", copy / "source")
    students = sorted(read_scores(f"sqlite:///{copy / 'gradebook.db'}", ASSIGNMENT))
    log = copy / "logs" / "autograde" / f"{ASSIGNMENT}.jsonl"
    log.parent.mkdir(parents=True)
    entries = [
        {
            "assignment": ASSIGNMENT,
            "student": s,
            "status": "graded",
            "reason": None,
            "seconds": 10.0 + i,
            "execute_seconds": 8.0 + i,
            "worker": f"w{i % 2}",
            "sandbox": "bwrap",
            "score": 1,
            "max_score": 22,
            "tamper": [],
        }
        for i, s in enumerate(students)
    ]
    entries[0].update(status="failed", reason="timeout after 60 s in cell <train_loop>", seconds=61.0)
    entries[1]["tamper"] = [{"cell": "test_train_loop", "kind": "locked_cell_changed", "detail": "<b>edited</b>"}]
    log.write_text("".join(json.dumps(e) + "\n" for e in entries))
    result = build_report(Course(copy), ASSIGNMENT)
    page = result.page.read_text()
    assert "the engine&#x27;s log" in page
    assert "timeout after 60 s in cell &lt;train_loop&gt;" in page and "&lt;b&gt;edited&lt;/b&gt;" in page
    slowest = page.split("Slowest submissions")[1].split("</table>")[0]
    assert slowest.index(f">{students[0]}<") < slowest.index(f">{students[-1]}<")  # 61 s first
    # the submission the engine failed to grade is left out of the statistics, and said so
    summary = {r["measure"]: r["value"] for r in read_csv(result.page.parent / "summary.csv")}
    assert int(summary["submissions"]) == len(students) - 1 and "left out of the numbers" in page
    grading = {r["student_id"]: r["grading"] for r in read_csv(result.page.parent / "students.csv")}
    assert grading[students[0]] == "failed" and grading[students[1]] == "graded"
    runs = {r["student_id"]: r for r in read_csv(result.page.parent / "runs.csv")}
    assert runs[students[0]]["status"] == "failed" and runs[students[0]]["seconds"] == "61"
    assert runs[students[1]]["tamper_flags"] == "locked_cell_changed in test_train_loop: <b>edited</b>"
