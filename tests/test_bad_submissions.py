"""Bad submissions lose nothing: each gets its reason, the rest of the class is graded, the gradebook keeps
what it had (issue 6). One `mlexam autograde` run over a class of broken submissions, on `engine_course`'s
tiny assignment; the fast tests below check the retry rule and the summary without nbgrader.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_output
from rich.console import Console
from support import MLEXAM
from support.engine_course import ASSIGNMENT, RIGHT, WRONG, grades, make_course, submit

from mlexam.course import notebooks
from mlexam.course.coursedir import Course
from mlexam.course.grading.command import print_summary
from mlexam.course.grading.coordinator import Options, Summary, fingerprint, plan
from mlexam.course.grading.progress import TimingLog
from mlexam.course.grading.tasks import FAILED, REJECTED, Result
from mlexam.course.nbgrader_run import grading_env, nbgrader

needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")
NB = f"{ASSIGNMENT}.ipynb"
LATER = "2026-01-16 09:00:00.000000 UTC"


def answered(root: Path, code: str) -> nbformat.NotebookNode:
    release = notebooks.read(root / "release" / ASSIGNMENT / NB)
    return notebooks.with_answers(release, {"answer": code})


def text(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb)


def put(root: Path, student: str, files: dict[str, str | bytes], timestamp: str = "2026-01-15 10:00:00.000000 UTC"):
    """A submission folder holding exactly `files` (and nbgrader's timestamp.txt)."""
    folder = root / "submitted" / student / ASSIGNMENT
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for rel, content in {**files, "timestamp.txt": timestamp}.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(content.encode() if isinstance(content, str) else content)


def enormous(root: Path) -> str:
    """The right answer, whose cell kept 30 MB of printed output."""
    nb = answered(root, RIGHT)
    cell = next(c for c in nb.cells if notebooks.grade_id(c) == "answer")
    cell.outputs = [new_output("stream", name="stdout", text="all work and no play\n" * 1_000_000)]
    return text(nb)


def bad_class(root: Path) -> dict[str, dict[str, str | bytes]]:
    """What each student of the broken class hands in (file name -> content)."""
    right = text(answered(root, RIGHT))
    v5 = json.loads(right)
    v5["nbformat"] = 5
    invalid = json.loads(right)
    invalid["cells"][1]["source"] = 42
    return {
        "right": {NB: right},
        "wrong": {NB: text(answered(root, WRONG))},
        "not_json": {NB: right[: len(right) // 2]},
        "nbformat3": {NB: nbformat.writes(nbformat.convert(answered(root, RIGHT), 3))},
        "nbformat5": {NB: json.dumps(v5)},
        "invalid": {NB: json.dumps(invalid)},
        "missing": {"notes.txt": "I ran out of time"},
        "renamed": {f"{ASSIGNMENT} (1).ipynb": right},
        "extras": {NB: right, "notes.txt": "see my helper", "helper.py": "X = 1\n", "video.bin": b"\0" * (11 * 2**20)},
        "latin1": {NB: right.replace("Why 42?", "Why 42? Caf\u00e9").encode("latin-1")},
        "empty": {NB: b""},
        "enormous": {NB: enormous(root)},
    }


REJECTED_BECAUSE = {  # student -> words their reason must hold
    "not_json": ["tiny.ipynb is not JSON", "at line"],
    "nbformat5": ["tiny.ipynb is nbformat 5", "expected 4"],
    "invalid": ["tiny.ipynb is not a valid notebook", "cells/1/source"],
    "missing": ["no notebook submitted", "notes.txt"],
    "renamed": ["tiny.ipynb is missing; found 'tiny (1).ipynb'", "renamed"],
    "latin1": ["tiny.ipynb is not UTF-8 text: byte 0xe9 at offset"],
    "empty": ["tiny.ipynb is an empty file (0 bytes)"],
    "returning": ["tiny.ipynb is not JSON"],
}
GRADED_WITH = {  # student -> (score, words their notes must hold)
    "right": (3.0, []),
    "wrong": (0.0, []),
    "nbformat3": (3.0, ["nbformat 3", "converted it to 4"]),
    "extras": (3.0, ["extra files kept, not graded: 'helper.py', 'notes.txt'", "left out (over 10 MB): video.bin"]),
    "enormous": (3.0, ["MB with its outputs: graded from a copy without them"]),
}


def autograde(course: Path, work: Path, *args: str) -> subprocess.CompletedProcess:
    runtime = tempfile.mkdtemp(prefix="mlxt", dir="/tmp")  # short: the kernels' unix sockets live here
    env = {**grading_env(), "COLUMNS": "200", "MLEXAM_WORKDIR": str(work), "MLEXAM_RUNTIME_ROOT": runtime}
    try:
        cmd = [*MLEXAM, "autograde", ASSIGNMENT, "--sandbox", "bwrap", *args]
        return subprocess.run(cmd, cwd=course, capture_output=True, text=True, env=env, timeout=300)
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def last_records(course: Path) -> dict[str, dict]:
    path = course / "logs" / "autograde" / f"{ASSIGNMENT}.jsonl"
    return {r["student"]: r for r in map(json.loads, path.read_text().splitlines())}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*")}


def words(s: str) -> str:
    return " ".join(s.split())


@pytest.mark.slow
@needs_bwrap
def test_a_broken_class_is_graded_and_bad_submissions_lose_nothing(tmp_path):
    course = make_course(tmp_path / "course")
    work = tmp_path / "work"
    submit(course, "returning", RIGHT)  # graded once; then hands in a broken file
    first = autograde(course, work, "--student", "returning")
    assert first.returncode == 0, first.stdout + first.stderr
    before_grades = grades(course)["returning"]
    before_folder = snapshot(course / "autograded" / "returning" / ASSIGNMENT)
    assert before_grades["tiny/test_answer"] == (2.0, 2.0, False) and before_folder

    for student, files in bad_class(course).items():
        put(course, student, files)
    put(course, "returning", {NB: "{"}, timestamp=LATER)
    run = autograde(course, work, "--workers", "2")

    # failures and rejections make the exit code nonzero; every submission has a line in the log
    assert run.returncode == 1, run.stdout + run.stderr
    records = last_records(course)
    assert set(records) == set(REJECTED_BECAUSE) | set(GRADED_WITH)
    for student, expected in REJECTED_BECAUSE.items():
        record = records[student]
        assert record["status"] == "rejected", record
        assert all(w in record["reason"] for w in expected), record["reason"]
        assert f"rejected {student} (not graded, gradebook untouched): {words(record['reason'])}" in words(run.stdout)
    for student, (score, notes) in GRADED_WITH.items():
        record = records[student]
        assert record["status"] == "graded" and record["score"] == score, record
        assert all(n in (record["reason"] or "") for n in notes), record["reason"]
        if notes:
            assert f"note {student}: {words(record['reason'])}" in words(run.stdout)
    assert "5 graded, 0 failed, 8 rejected" in run.stdout

    # the gradebook: the graded ones, nothing of rejected first-timers, the returning student's old grades
    scores = grades(course)
    assert set(scores) == set(GRADED_WITH) | {"returning"}
    for student, (score, _) in GRADED_WITH.items():
        assert sum(a for a, _, _ in scores[student].values() if a is not None) == score
    assert scores["returning"] == before_grades
    assert snapshot(course / "autograded" / "returning" / ASSIGNMENT) == before_folder
    for student in REJECTED_BECAUSE.keys() - {"returning"}:
        assert not (course / "autograded" / student).exists()
    graded_extras = course / "autograded" / "extras" / ASSIGNMENT
    assert (graded_extras / "helper.py").is_file() and not (graded_extras / "video.bin").exists()
    assert (course / "autograded" / "enormous" / ASSIGNMENT / NB).stat().st_size < 2**20

    # the next run retries only what changed: the renamed notebook, fixed by the instructor
    (course / "submitted" / "renamed" / ASSIGNMENT / f"{ASSIGNMENT} (1).ipynb").rename(
        course / "submitted" / "renamed" / ASSIGNMENT / NB
    )
    again = autograde(course, work)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "1 graded, 0 failed, 0 rejected" in again.stdout
    assert "7 were rejected before and are unchanged, not retried (--force)" in words(again.stdout)
    assert last_records(course)["renamed"]["status"] == "graded" and last_records(course)["renamed"]["score"] == 3.0
    assert grades(course)["returning"] == before_grades

    # nbgrader's own tools still work on the course
    nbgrader(course, "export", "--to", str(course / "grades.csv"))
    with open(course / "grades.csv", newline="") as f:
        rows = {r["student_id"]: float(r["score"]) for r in csv.DictReader(f)}
    assert rows == {**{s: score for s, (score, _) in GRADED_WITH.items()}, "renamed": 3.0, "returning": 3.0}


# ------------------------------------------------------------------------------------ fast: no nbgrader runs


def tiny_course(root: Path, students: list[str]) -> Course:
    (root / "nbgrader_config.py").write_text('c = get_config()  # noqa: F821\nc.CourseDirectory.course_id = "t"\n')
    for student in students:
        put(root, student, {NB: "{}"})
    return Course(root)


@pytest.mark.unit
def test_failed_or_rejected_submissions_are_retried_only_when_their_files_changed(tmp_path):
    course = tiny_course(tmp_path, ["ada", "bob", "cy", "dee"])
    log = TimingLog(course.root / "logs" / "autograde" / f"{ASSIGNMENT}.jsonl")
    log.write(Result(ASSIGNMENT, "ada", REJECTED, "empty"), fingerprint(course, "ada", ASSIGNMENT))
    log.write(Result(ASSIGNMENT, "bob", REJECTED, "empty"), fingerprint(course, "bob", ASSIGNMENT))
    log.write(Result(ASSIGNMENT, "cy", FAILED, "timed out"), fingerprint(course, "cy", ASSIGNMENT))
    log.write(Result(ASSIGNMENT, "dee", FAILED, "timed out"))  # an older run's record: no fingerprint
    log.close()
    todo, summary = plan(course, ASSIGNMENT, Options())
    assert todo == [] and summary.previously_rejected == ["ada", "bob"] and summary.previously_failed == ["cy", "dee"]

    put(tmp_path, "bob", {NB: "{}"}, timestamp=LATER)  # a new submission
    (course.submitted("cy", ASSIGNMENT) / "notes.txt").write_text("added")  # a file added by hand
    todo, summary = plan(course, ASSIGNMENT, Options())
    assert todo == ["bob", "cy"] and summary.previously_rejected == ["ada"] and summary.previously_failed == ["dee"]
    assert plan(course, ASSIGNMENT, Options(force=True))[0] == ["ada", "bob", "cy", "dee"]


@pytest.mark.unit
def test_a_submission_folder_without_a_notebook_is_found(tmp_path):
    course = tiny_course(tmp_path, ["ada"])
    (tmp_path / "submitted" / "bob" / ASSIGNMENT).mkdir(parents=True)
    assert course.students(ASSIGNMENT) == ["ada", "bob"]


@pytest.mark.unit
def test_the_summary_lists_each_rejection_and_note_with_its_reason():
    summary = Summary(
        graded=["ada"],
        rejected={"bob": "tiny.ipynb is not JSON: Expecting value at line 1, column 1 [cut short?]"},
        notes={"ada": "extra files kept, not graded: 'notes.txt'"},
        previously_rejected=["cy"],
    )
    console = Console(record=True, width=200)
    print_summary(console, summary, 1.0)
    out = console.export_text()
    assert "1 graded, 0 failed, 1 rejected" in out
    assert "rejected bob (not graded, gradebook untouched): tiny.ipynb is not JSON: Expecting value at line 1" in out
    assert "[cut short?]" in out  # reasons are printed as they are, not read as markup
    assert "note ada: extra files kept, not graded: 'notes.txt'" in out
    assert "1 were rejected before and are unchanged, not retried (--force): cy" in out


@pytest.mark.unit
def test_the_report_keeps_the_earlier_grades_of_a_rejected_resubmission():
    from mlexam.course.reporting import data

    questions = [data.Question("answer", "tiny", 3.0, False)]
    submissions = {s: data.Submission(s, {"answer": p}) for s, p in (("ada", 3.0), ("bob", 0.0), ("cy", 2.0))}
    runs = [
        data.Run("ada", "rejected", "tiny.ipynb is not JSON", seconds=0.0),  # the gradebook: ada's earlier grades
        data.Run("bob", "failed", "timed out", seconds=600.0),  # the gradebook: zeros that say nothing
        data.Run("cy", "graded", seconds=3.0),
        data.Run("dee", "rejected", "no notebook submitted", seconds=0.0),  # no gradebook entry
    ]
    d = data.AssignmentData("tiny", questions, submissions, runs, "the engine's log", Path("x.jsonl"), False)
    assert d.failed_students() == {"bob"}
    assert d.score_table() == {"ada": {"answer": 3.0}, "cy": {"answer": 2.0}}
    assert [r.student for r in d.failed()] == ["ada", "bob", "dee"]  # listed, with their reasons
    assert [r.student for r in d.slowest()] == ["bob", "cy"]
