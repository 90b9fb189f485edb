"""The main job end to end on one assignment: generate, autograde, feedback, export, table, plot."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess

import pytest
from rich.console import Console
from support import MLEXAM, ROOT

from mlexam.course.demo.demo import STUDENTS, Graded, print_class
from mlexam.course.reporting.data import Question, Submission
from mlexam.course.scores import read_scores

ASSIGNMENT = "ml_debugging"


@pytest.mark.slow
def test_demo_grades_feeds_back_and_exports(tmp_path):
    out = tmp_path / "demo"
    run = subprocess.run(
        [*MLEXAM, "demo", "--out", str(out), "--assignment", ASSIGNMENT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},  # a log, or a small terminal
    )
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert all(len(line.rstrip()) <= 80 for line in lines), "\n".join(line for line in lines if len(line) > 80)
    if shutil.which("bwrap"):  # auto: bubblewrap when it works here, and the demo says so
        assert "Sandbox: bubblewrap" in run.stdout and "sandbox: bwrap" in run.stdout
    scores = read_scores(f"sqlite:///{out / 'gradebook.db'}", ASSIGNMENT)
    assert set(scores) == set(STUDENTS)

    def auto(student):
        return sum(q.score for q in scores[student].values() if not q.manual)

    full = sum(q.max_score for q in scores["ada"].values() if not q.manual)
    assert auto("ada") == full and auto("fay") == 0
    assert 0 < auto("blaise") < full
    for student in ("cleo", "dara", "emil"):
        assert 0 < auto(student) < full, f"{student} made a mistake and should lose some points"

    # the printed table shows every student with the same total the gradebook holds, and the written
    # answers of those who wrote one as pending, not 0; the long descriptions come below it
    table = run.stdout[run.stdout.index(f"{ASSIGNMENT}: points per question") :]
    header = table.splitlines()[1].split()
    assert header == ["question", "max", *STUDENTS]
    assert f"{100 * auto('blaise') / full:.0f}%" in table and "pending" in table
    written = [q for q, s in scores["ada"].items() if s.manual]
    for q in written:
        row = next(line.split() for line in table.splitlines() if line.startswith(f"{q}*"))
        assert row[2:] == ["pending", "0", "pending", "pending", "pending", "0"], row
    for student in STUDENTS:
        assert any(line.split()[:1] == [student] for line in table.splitlines())
    assert "Where to look, in" in run.stdout and "reports/index.html" in run.stdout

    # nbgrader export: one row per student and assignment, scores as in the gradebook
    with open(out / "grades.csv", newline="") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f) if r["assignment"] == ASSIGNMENT}
    assert set(rows) == set(STUDENTS)
    for student, row in rows.items():
        assert float(row["score"]) == pytest.approx(sum(q.score for q in scores[student].values()))

    # feedback for every student, with their score in it
    for student in STUDENTS:
        html = (out / "feedback" / student / ASSIGNMENT / "single_batch.html").read_text()
        assert "Test cell" in html or "test_train_loop" in html

    png = out / "score_distribution.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


@pytest.mark.integration
def test_demo_refuses_to_wipe_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    run = subprocess.run(
        [*MLEXAM, "demo", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert "not a demo folder" in run.stdout
    assert (tmp_path / "precious.txt").read_text() == "keep me"


@pytest.mark.unit
def test_the_table_fits_80_columns_and_shows_pending_written_answers():
    questions = [
        Question("precision_recall", "nb", 10.0, False),
        *[Question(f"question_{i}", "nb", 2.0, False) for i in range(14)],
        Question("gradcheck_answer", "nb", 4.0, True),
    ]

    def points(auto: float, written: float | None) -> dict[str, float | None]:
        return {q.name: (written if q.manual else auto * q.max_points) for q in questions}

    submissions = {
        "ada": Submission("ada", points(1.0, None)),
        "blaise": Submission("blaise", points(0.5, 0.0)),
        "cleo": Submission("cleo", points(1.0, 3.5)),
    }
    profiles = {s: f"{s}: a long description of what this student submitted, " * 2 for s in submissions}
    console = Console(width=80, record=True)
    print_class(console, "problem_setup", Graded(questions, submissions, profiles))
    text = console.export_text()
    assert all(len(line.rstrip()) <= 80 for line in text.splitlines()), text
    rows = {line[:18].strip(): line[18:].split() for line in text.splitlines() if line.strip()}
    assert rows["question"] == ["max", "ada", "blaise", "cleo"]
    assert rows["gradcheck_answer*"] == ["4", "pending", "0", "3.5"]  # written: pending, blank 0, graded
    assert rows["autograded"] == ["38", "38", "19", "38"]
    assert rows["autograded %"] == ["100%", "50%", "100%"]
    assert rows["written, pending"] == ["4", "4", "-", "-"]
