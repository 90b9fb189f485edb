"""One submission can never reach another's grade, the gradebook, or the run (issue 13).

The slow tests grade `isolation_class`'s class (each hostile student between two honest ones) with real nbgrader and
bubblewrap, and stop runs whose gradebook is damaged; the fast ones check the parts on their own: the intake's
folder listing, the no-follow writes, a staging error turned into a failed record, the gradebook's guard.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from support import MLEXAM
from support.engine_course import (
    ASSIGNMENT,
    RIGHT,
    WRONG,
    copy_course,
    engine_env,
    grades,
    log_records,
    make_course,
    outputs,
    short_dir,
    submit,
)
from support.isolation_class import ATTACKS, HONEST, honest, submit_class

from mlexam.course.coursedir import Course
from mlexam.course.grading import safefs
from mlexam.course.grading.collect import collect
from mlexam.course.grading.confine import confine
from mlexam.course.grading.coordinator import Options, autograde
from mlexam.course.grading.gradebook import GradebookError, build_gradebook
from mlexam.course.grading.gradebook_check import GradebookGuard, inspect
from mlexam.course.grading.intake import IntakeLimits
from mlexam.course.grading.tasks import FAILED, GRADED, CellGrade, NotebookResult, OutputFile, Result, Task
from mlexam.course.grading.writer import apply

needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")
KERNEL_LINKS = {  # attack -> where its notebook link points (relative to the course, or as written)
    "link_other": "submitted/s02_wrong/tiny/tiny.ipynb",
    "link_gradebook": "gradebook.db",
    "link_source": "source/tiny/tiny.ipynb",
    "link_config": "nbgrader_config.py",
    "link_autograded": "autograded/s08_wrong/tiny/tiny.ipynb",
    "link_proc": "/proc/self/root",
}
REJECTED_BECAUSE = {
    "sub_link_source": "symbolic links are not graded",
    "sub_link_other": "symbolic links are not graded",
    "sub_hard_link": "hard links to files outside the submission are not graded: 'notes.txt' (2 links)",
    "sub_fifo": "only files and folders are graded: 'pipe' (a FIFO)",
    "sub_many": "more than 1,000 files (the limit)",
    "sub_deep": "paths longer than 255 characters (the limit)",
}


def snapshot(root: Path, *names: str) -> dict[str, tuple]:
    """Every file, folder and link below `root`'s `names`: content hash or link target, and mode (no link followed)."""
    found = {}
    for name in names:
        for folder, dirs, files in os.walk(root / name):
            for entry in [*dirs, *files]:
                path = Path(folder, entry)
                st = path.lstat()
                what = os.readlink(path) if path.is_symlink() else None
                if stat.S_ISREG(st.st_mode):
                    what = hashlib.sha256(path.read_bytes()).hexdigest()
                found[str(path.relative_to(root))] = (what, st.st_mode)
        if (root / name).is_file():
            found[name] = (hashlib.sha256((root / name).read_bytes()).hexdigest(), (root / name).stat().st_mode)
    return found


def run_engine(course: Path, work: Path) -> subprocess.CompletedProcess:
    runtime = short_dir()
    try:
        cmd = [*MLEXAM, "autograde", ASSIGNMENT, "--sandbox", "bwrap"]
        cmd += ["--workers", "2", "--timeout", "120"]
        return subprocess.run(
            cmd, cwd=course, capture_output=True, text=True, env=engine_env(work, runtime), timeout=900
        )
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def created(course: Path, student: str) -> dict[str, bytes]:
    folder = course / "autograded" / student / ASSIGNMENT
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix != ".ipynb"} if folder.is_dir() else {}


@pytest.mark.slow
@needs_bwrap
def test_hostile_submissions_change_nothing_of_the_honest_ones_nor_the_course(tmp_path):
    course = make_course(tmp_path / "course", cell_timeout=30)
    clean = copy_course(course, tmp_path / "clean")
    roster = submit_class(course)
    first = {kind: next(s for s in honest(roster) if roster[s] == kind) for kind in HONEST}
    for kind, student in first.items():  # the clean run: one honest student of each kind, alone
        submit(clean, student, HONEST[kind])
    assert run_engine(clean, tmp_path / "work-clean").returncode == 0
    watched = ["source", "release", "nbgrader_config.py", *(f"submitted/{s}" for s in honest(roster))]
    kept = snapshot(course, *watched)
    mode = (course / "gradebook.db").stat().st_mode

    run = run_engine(course, tmp_path / "work")

    # the run completes; the gradebook passes its integrity check before and after
    assert run.returncode == 1, run.stdout + run.stderr  # 1: there were rejections
    assert "gradebook checked before and after the run: integrity ok" in run.stdout, run.stdout
    assert inspect(course / "gradebook.db").ok and (course / "gradebook.db").stat().st_mode == mode
    assert snapshot(course, *watched) == kept
    records = {r["student"]: r for r in log_records(course)}
    assert set(records) == set(roster)
    scores, expected = grades(course), grades(clean)

    # every honest student: exactly the clean run's grades, printed outputs and files, and what was collected
    for student in honest(roster):
        twin = first[roster[student]]
        assert records[student]["status"] == GRADED and not records[student]["tamper"], records[student]
        assert scores[student] == expected[twin], student
        assert outputs(course, student) == outputs(clean, twin), student
        assert created(course, student) == created(clean, twin), student
        folder = course / "submitted" / student / ASSIGNMENT
        lines = "".join(
            f"{hashlib.sha256((folder / f).read_bytes()).hexdigest()}  {f}\n" for f in sorted(os.listdir(folder))
        )
        assert records[student]["sha256"] == hashlib.sha256(lines.encode()).hexdigest()
    assert created(course, "s04_writer") == {
        "result.txt": b"42",
        "timestamp.txt": created(clean, "s04_writer")["timestamp.txt"],
    }

    # kernel attacks: harmless, graded with their own 3 points; what they left is named, never followed
    for attack, target in KERNEL_LINKS.items():
        student = next(s for s, kind in roster.items() if kind == attack)
        record = records[student]
        assert record["status"] == GRADED and record["score"] == 3.0, record
        [flag] = record["tamper"]
        assert flag["kind"] == "special_file" and "tiny.ipynb: a symbolic link to" in flag["detail"], flag
        assert target in flag["detail"] and "not followed" in record["reason"], record
    fifo = records["s13_fifo_notebook"]
    assert fifo["score"] == 3.0 and {f["detail"] for f in fifo["tamper"]} == {"pipe: a FIFO", "tiny.ipynb: a FIFO"}
    runtime = outputs(course, "s15_runtime")
    assert "REFUSED listing Permission denied" in runtime and "NAMES THE COURSE []" in runtime, runtime
    assert "READ" not in runtime and records["s15_runtime"]["score"] == 3.0
    many = records["s17_many_created"]
    assert many["score"] == 3.0 and "99,000 files the notebook created were left out" in many["reason"], many
    assert len(created(course, "s17_many_created")) == 1001  # the first 1,000 files, and timestamp.txt
    deep = records["s19_deep_created"]
    assert deep["score"] == 3.0 and "1 files the notebook created were left out" in deep["reason"], deep

    # folder attacks: rejected with the reason, nothing of them in the gradebook or autograded/
    for attack, words in REJECTED_BECAUSE.items():
        student = next(s for s, kind in roster.items() if kind == attack)
        assert records[student]["status"] == "rejected" and words in records[student]["reason"], records[student]
        assert student not in scores and not (course / "autograded" / student).exists()
    assert len(ATTACKS) == len(KERNEL_LINKS) + 4 + len(REJECTED_BECAUSE)


@pytest.mark.slow
@needs_bwrap
def test_a_damaged_gradebook_stops_the_run_before_anything_is_written(tmp_path, monkeypatch):
    course = make_course(tmp_path / "course")
    submit(course, "ada", RIGHT)
    submit(course, "bob", WRONG)
    db = course / "gradebook.db"
    healthy = db.read_bytes()
    page = int.from_bytes(healthy[16:18], "big")
    db.write_bytes(healthy[: 3 * page + 8] + b"\xff" * (page - 8) + healthy[4 * page :])  # a table's page garbled
    damaged = db.read_bytes()
    run = run_engine(course, tmp_path / "work")
    assert run.returncode == 2 and "fails its check before the run" in run.stdout, run.stdout + run.stderr
    assert db.read_bytes() == damaged and not log_records(course) and not (course / "autograded").exists()

    # a gradebook replaced while the run goes on (here by a copy): the run stops before its next write
    db.write_bytes(healthy)
    monkeypatch.setenv("MLEXAM_WORKDIR", str(tmp_path / "work2"))
    monkeypatch.setenv("MLEXAM_RUNTIME_ROOT", runtime := short_dir())
    replaced: list[bytes] = []

    def replace_gradebook(result: Result) -> None:
        if not replaced:
            (course / "copy.db").write_bytes(db.read_bytes())
            os.replace(course / "copy.db", db)
            replaced.append(db.read_bytes())

    try:
        with pytest.raises(GradebookError, match=r"changed under the run .*: stopped before writing"):
            autograde(course, ASSIGNMENT, Options(workers=1, sandbox="bwrap"), on_result=replace_gradebook)
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
    assert db.read_bytes() == replaced[0] and len(log_records(course)) == 1


# ------------------------------------------------------------------------------------ fast: no nbgrader runs


@pytest.mark.unit
def test_links_special_files_and_folders_over_the_caps_are_rejected_with_reasons(tmp_path):
    sub = tmp_path / "course" / "submitted" / "eve" / "hw"
    (sub / "data").mkdir(parents=True)
    (sub / "hw.ipynb").write_text("{}")
    (sub / "data" / "a.csv").write_text("1")
    outside = tmp_path / "secret.txt"
    outside.write_text("s")
    limits = IntakeLimits(max_files=5, max_depth=3, max_path_chars=30, max_total_mb=1)

    def problems() -> list[str]:
        with collect(sub, tmp_path / "course" / "submitted", [".ipynb_checkpoints"], limits) as found:
            return found.problems

    assert problems() == []
    (sub / ".ipynb_checkpoints").symlink_to("/")  # ignored, as nbgrader ignores it: never read
    assert problems() == []
    (sub / "link").symlink_to(outside)
    os.link(outside, sub / "hard")
    os.mkfifo(sub / "pipe")
    found = problems()
    assert found[0].startswith("symbolic links are not graded") and "'link' -> '/" in found[0]
    assert found[0].endswith("/secret.txt'")
    assert found[1:] == [
        "only files and folders are graded: 'pipe' (a FIFO)",
        "hard links to files outside the submission are not graded: 'hard' (2 links)",
    ]
    for name in ("link", "hard", "pipe"):
        (sub / name).unlink()
    (sub / "a" / "b" / "c").mkdir(parents=True)
    (sub / ("x" * 40)).write_text("")
    (sub / "big").write_bytes(b"\0" * (2 * 2**20))
    assert problems() == [
        "its files total 2.0 MB, over 1 MB: not read",
        "folders nested 3 deep or more (the limit): 'a/b/c'",
        f"paths longer than 30 characters (the limit): '{'x' * 40}' (40 characters)",
    ]
    for i in range(5):
        (sub / f"f{i}").write_text("")
    assert "more than 5 files (the limit): not read further" in problems()
    (tmp_path / "course" / "submitted" / "mallory").symlink_to(sub.parent)  # a student's folder that is a link
    with collect(
        tmp_path / "course" / "submitted" / "mallory" / "hw", tmp_path / "course" / "submitted", [], limits
    ) as f:
        assert f.problems == ["the submission folder is a symbolic link"]


@pytest.mark.unit
def test_what_is_read_is_the_file_listed_and_its_hash_is_kept(tmp_path):
    (tmp_path / "hw.ipynb").write_text("{}")
    with collect(tmp_path, tmp_path.parent, [], IntakeLimits()) as found:
        (tmp_path / "hw.ipynb").unlink()
        (tmp_path / "hw.ipynb").symlink_to("/etc/passwd")  # swapped after the listing
        with pytest.raises(OSError):
            found.read("hw.ipynb")
    (tmp_path / "hw.ipynb").unlink()
    (tmp_path / "hw.ipynb").write_text("{}")
    with collect(tmp_path, tmp_path.parent, [], IntakeLimits()) as found:
        assert found.read("hw.ipynb") == b"{}"
        digest = hashlib.sha256(b"{}").hexdigest()
        assert found.sha256() == hashlib.sha256(f"{digest}  hw.ipynb\n".encode()).hexdigest()


@pytest.mark.integration
def test_the_grading_process_can_neither_write_nor_read_the_course(tmp_path):
    course, scratch = tmp_path / "course", tmp_path / "scratch"
    (course / "source").mkdir(parents=True)
    (course / "source" / "hw.ipynb").write_text("solutions")
    (course / "gradebook.db").write_text("grades")
    scratch.mkdir()
    (scratch / "empty").write_text("")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the grading process's part
        try:
            confine([scratch], [course / "source", course / "gradebook.db"], scratch / "empty")
            seen = []
            for path in (scratch / "ok", course / "new", course / "gradebook.db", tmp_path / "x"):
                try:
                    path.write_text("x")
                    seen.append("wrote")
                except OSError as e:
                    seen.append(errno.errorcode[e.errno])
            seen += [(course / "gradebook.db").read_text(), os.listdir(course / "source")]
        except OSError as e:
            seen = str(e)
        os.write(write, json.dumps(seen).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    seen = json.loads(os.read(read, 10_000))
    if isinstance(seen, str):
        pytest.skip(f"no mount namespaces here: {seen}")
    assert seen == ["wrote", "EROFS", "EROFS", "EROFS", "", []]
    assert (course / "gradebook.db").read_text() == "grades" and not (course / "new").exists()


@pytest.mark.unit
def test_the_graders_writes_never_follow_a_link(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "nb.ipynb").symlink_to(victim)
    (tmp_path / "out" / "sub").symlink_to(tmp_path)
    fd = os.open(tmp_path / "out", safefs.DIR_FLAGS)
    try:
        with pytest.raises(FileExistsError):
            safefs.write_file(fd, "nb.ipynb", b"graded")
        with pytest.raises(OSError):
            safefs.write_file(fd, "sub/victim.txt", b"graded")
        with pytest.raises(ValueError):
            safefs.write_file(fd, "../victim.txt", b"graded")
        safefs.write_file(fd, "nb.ipynb", b"graded", 0o444, replace=True)  # the link replaced, not followed
        with pytest.raises(OSError):
            safefs.read_file(fd, "sub/victim.txt")
    finally:
        os.close(fd)
    assert victim.read_text() == "precious" and (tmp_path / "out" / "nb.ipynb").read_bytes() == b"graded"
    assert stat.S_IMODE((tmp_path / "out" / "nb.ipynb").stat().st_mode) == 0o444
    long = "/".join(["d" * 200] * 25)  # 5,000 characters: past PATH_MAX, fine one folder at a time
    fd = os.open(tmp_path / "out", safefs.DIR_FLAGS)
    try:
        safefs.write_file(fd, f"{long}/f.txt", b"x")
        assert safefs.read_file(fd, f"{long}/f.txt") == b"x"
    finally:
        os.close(fd)


SPEC = {
    "alembic_version": "test",
    "name": "tiny",
    "duedate": None,
    "notebooks": [
        {
            "name": "tiny",
            "kernelspec": None,
            "grade_cells": [{"name": "test_a", "max_score": 2.0, "cell_type": "code"}],
            "solution_cells": [{"name": "a"}],
            "task_cells": [],
            "source_cells": [],
        }
    ],
}


def small_course(root: Path) -> Course:
    root.mkdir()
    (root / "nbgrader_config.py").write_text('c = get_config()  # noqa: F821\nc.CourseDirectory.course_id = "t"\n')
    build_gradebook(f"sqlite:///{root / 'gradebook.db'}", "t", SPEC)
    return Course(root)


def graded(student: str, files: list[OutputFile]) -> Result:
    nb = NotebookResult("tiny", [CellGrade("test_a", "code", 2.0, 2.0, False)], [], text="{}")
    return Result("tiny", student, GRADED, notebooks=[nb], files=files, started="s", finished="f", worker="w")


@pytest.mark.unit
def test_a_staging_error_becomes_the_submissions_failed_record_and_the_rest_go_on(tmp_path):
    from nbgrader.api import Gradebook

    course = small_course(tmp_path / "course")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (course.root / "autograded").mkdir()
    (course.root / "autograded" / "ada").symlink_to(elsewhere)  # a student's folder that is a link
    guard = GradebookGuard(course.db_url)
    guard.start()
    with Gradebook(course.db_url, "t") as gb:
        ada, bob, cy = (
            apply(course, gb, guard, Task("tiny", student, "t", "", SPEC, [], []), graded(student, files))
            for student, files in (("ada", []), ("bob", [OutputFile("../x", "0", "eA==")]), ("cy", []))
        )
    assert ada.status == FAILED and "its autograded files could not be written to the course" in ada.reason
    assert bob.status == FAILED and "not a plain relative path" in bob.reason
    assert cy.status == GRADED and (course.root / "autograded" / "cy" / "tiny" / "tiny.ipynb").read_text() == "{}"
    assert list(elsewhere.iterdir()) == [] and not (course.root / "autograded" / "x").exists()
    with Gradebook(course.db_url, "t") as gb:
        for student, score, manual in (("ada", 0.0, True), ("bob", 0.0, True), ("cy", 2.0, False)):
            [grade] = gb.find_submission("tiny", student).notebooks[0].grades
            assert (grade.auto_score, grade.needs_manual_grade) == (score, manual), student
    assert guard.finish() == (True, "gradebook checked before and after the run: integrity ok; 8 -> 23 rows")


@pytest.mark.unit
def test_the_guard_stops_before_writing_to_a_gradebook_replaced_or_emptied(tmp_path):
    import sqlite3

    course = small_course(tmp_path / "course")
    db = course.root / "gradebook.db"
    guard = GradebookGuard(course.db_url)
    guard.start()
    guard.check("ada")
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM grade_cells")
    with pytest.raises(GradebookError, match="rows gone from grade_cells"):
        guard.check("ada")
    shutil.copy(db, tmp_path / "copy.db")
    os.replace(tmp_path / "copy.db", db)
    with pytest.raises(GradebookError, match=r"replaced, moved or removed\): stopped before writing bob's grades"):
        guard.check("bob")
    db.write_text('{"cells": []}')
    assert not inspect(db).ok
    with pytest.raises(GradebookError, match="fails its check before the run"):
        GradebookGuard(course.db_url).start()
