"""The main job end to end on one assignment: generate, autograde, feedback, export, table, plot."""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import pytest
from conftest import ROOT

from mlexam.course.demo import STUDENTS
from mlexam.course.scratch import read_scores

ASSIGNMENT = "ml_debugging"


@pytest.mark.slow
def test_demo_grades_feeds_back_and_exports(tmp_path):
    out = tmp_path / "demo"
    run = subprocess.run(
        [sys.executable, "-m", "mlexam.course.cli", "demo", "--out", str(out), "--assignment", ASSIGNMENT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "220"},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    scores = read_scores(f"sqlite:///{out / 'gradebook.db'}", ASSIGNMENT)
    assert set(scores) == set(STUDENTS)

    def auto(student):
        return sum(q.score for q in scores[student].values() if not q.manual)

    full = sum(q.max_score for q in scores["ada"].values() if not q.manual)
    assert auto("ada") == full and auto("fay") == 0
    assert 0 < auto("blaise") < full
    for student in ("cleo", "dara", "emil"):
        assert 0 < auto(student) < full, f"{student} made a mistake and should lose some points"

    # the printed table shows every student with the same total the gradebook holds
    for student in STUDENTS:
        assert student in run.stdout
    assert f"{100 * auto('blaise') / full:.0f}" in run.stdout

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


def test_demo_refuses_to_wipe_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    run = subprocess.run(
        [sys.executable, "-m", "mlexam.course.cli", "demo", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert "not a demo folder" in run.stdout
    assert (tmp_path / "precious.txt").read_text() == "keep me"
