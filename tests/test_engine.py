"""`mlexam autograde` end to end on real nbgrader, real bubblewrap and a real Dask cluster.

The many-submission tests use `engine_course`'s tiny assignment (a kernel without torch starts in a second);
the equality test with plain `nbgrader autograde` uses `ml_debugging` and the demo's class.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from support import CORPUS, MLEXAM
from support.engine_course import (
    ANSWER,
    ASSIGNMENT,
    RIGHT,
    WRONG,
    copy_course,
    engine_env,
    grades,
    log_records,
    make_course,
    mlexam,
    outputs,
    short_dir,
    submit,
)
from support.kernel_attacks import hostile_class

from mlexam.course.nbgrader_run import autograde as plain_autograde
from mlexam.course.nbgrader_run import nbgrader

HAVE_BWRAP = shutil.which("bwrap") is not None
needs_bwrap = pytest.mark.skipif(not HAVE_BWRAP, reason="bubblewrap is not installed (apt-get install bubblewrap)")


def processes_mentioning(*texts: str) -> list[str]:
    """Live processes whose command line or environment mentions one of `texts` (zombies excluded)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if "State:\tZ" in (proc / "status").read_text():
                continue
            blob = (proc / "cmdline").read_bytes() + (proc / "environ").read_bytes()
        except OSError:
            continue
        if any(text.encode() in blob for text in texts):
            found.append(f"{proc.name}: {(proc / 'cmdline').read_bytes()[:200]!r}")
    return found


class Listener:
    """A TCP server on 127.0.0.1 that counts who connects."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop = True
        self.thread.join()
        self.sock.close()


@pytest.mark.slow
@needs_bwrap
def test_a_hostile_class_is_stopped_with_reasons_and_the_rest_graded(tmp_path):
    """One class, graded once (a module-scoped fixture would run once per xdist worker); sections below."""
    course = make_course(tmp_path / "course", cell_timeout=5)
    listener = Listener()
    work, runtime = tmp_path / "work", short_dir()
    try:
        for student, code in hostile_class(course, listener.port).items():
            submit(course, student, code)
        args = ["autograde", ASSIGNMENT, "--workers", "2", "--sandbox", "bwrap", "--timeout", "25", "--memory", "1024"]
        run = subprocess.run(
            [*MLEXAM, *args],
            cwd=course,
            capture_output=True,
            text=True,
            env=engine_env(work, runtime),
            timeout=600,
        )
        time.sleep(1)
        leftovers = processes_mentioning(str(work), runtime)
    finally:
        listener.close()
        shutil.rmtree(runtime, ignore_errors=True)

    # every submission recorded; the good ones graded as usual; failures reported by the exit code
    assert run.returncode == 1, run.stdout + run.stderr
    records = {r["student"]: r for r in log_records(course)}
    assert set(records) == set(hostile_class(course, 0)), run.stdout
    scores = grades(course)
    assert set(scores) == set(records)
    assert records["right"]["status"] == "graded" and records["right"]["score"] == 3.0
    assert records["wrong"]["status"] == "graded" and records["wrong"]["score"] == 0.0
    assert scores["right"]["tiny/test_answer"][:2] == (2.0, 2.0)
    for record in records.values():
        assert record["sandbox"] == "bwrap" and record["max_score"] == 3.0
        assert record["seconds"] > 0 and record["started"] < record["finished"]
    assert len({r["worker"] for r in records.values()}) == 2

    # the kernel sees nothing of the course, and has no network; the answers still get their points
    read = outputs(course, "reader")
    assert "LEAK" not in read and read.count("BLOCKED") >= 10, read
    for line in read.splitlines():
        if line.startswith("LISTED"):  # only empty skeleton folders, or the packages the kernel imports
            assert not any(s in line for s in ("source", "gradebook", "submitted", "nbgrader_config", "release")), line
    net = outputs(course, "network")
    assert "CONNECTED" not in net and "RESOLVED" not in net and net.count("BLOCKED") == 3, net
    assert listener.connections == 0
    assert records["reader"]["score"] == records["network"]["score"] == 3.0
    assert "WROTE" not in read and (course / "nbgrader_config.py").read_text().endswith("\n")
    assert "tampered" not in (course / "nbgrader_config.py").read_text()

    # twenty megabytes of output: graded, and nbgrader keeps only the first lines
    assert records["flooder"]["status"] == "graded" and records["flooder"]["score"] == 3.0
    assert (course / "autograded" / "flooder" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").stat().st_size < 100_000

    # limits stop forks, memory, files and loops; the run goes on and says which limit was hit
    assert "process limit" in records["forker"]["reason"] and "BlockingIOError" in outputs(course, "forker")
    assert "memory limit" in records["hog"]["reason"] and "MemoryError" in outputs(course, "hog")
    assert "file size limit" in records["filler"]["reason"] and "File too large" in outputs(course, "filler")
    assert "timeout" in records["looper"]["reason"] and records["looper"]["status"] == "graded"
    assert records["stubborn"]["status"] == "failed"
    assert any(s in records["stubborn"]["reason"] for s in ("could not be interrupted", "timed out", "CPU time"))

    # a dead kernel fails its submission, with the reason; killing the parent reaches only the sandbox's init
    assert records["exiter"]["status"] == "failed" and "code 3" in records["exiter"]["reason"]
    assert records["suicide"]["status"] == "failed" and "SIGKILL" in records["suicide"]["reason"]
    for student in ("exiter", "suicide"):  # named in the tamper report too
        assert [f["kind"] for f in records[student]["tamper"]] == ["kernel_died"], records[student]["tamper"]
    assert records["parricide"]["status"] == "graded" and records["parricide"]["score"] == 3.0

    # failures in the gradebook (zero, flagged for a person), the export, no autograded folder, a log
    for student in ("exiter", "suicide", "stubborn"):
        cells = scores[student]
        assert cells["tiny/test_answer"] == (0.0, 2.0, True)
        assert cells["tiny/why"][2] is True
        assert not (course / "autograded" / student / ASSIGNMENT).exists()
        assert records[student]["reason"] in (course / "logs" / "autograde" / ASSIGNMENT / f"{student}.log").read_text()
    nbgrader(course, "export", "--to", str(course / "grades.csv"))
    with open(course / "grades.csv", newline="") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    assert float(rows["exiter"]["score"]) == 0.0 and float(rows["right"]["score"]) == 3.0
    nbgrader(course, "generate_feedback", ASSIGNMENT)
    assert (course / "feedback" / "right" / ASSIGNMENT / f"{ASSIGNMENT}.html").is_file()

    # nothing outlives the run: zygotes, grading processes, sandboxes, forked children
    assert not leftovers, "processes survived the run:\n" + "\n".join(leftovers)


@pytest.mark.slow
@needs_bwrap
def test_a_submission_past_its_deadline_is_stopped_and_the_rest_graded(tmp_path):
    course = make_course(tmp_path / "course", cell_timeout=120)
    submit(course, "sleeper", "import time\ntime.sleep(300)\n" + RIGHT)
    submit(course, "right", RIGHT)
    work, runtime = tmp_path / "work", short_dir()
    run = subprocess.run(
        [*MLEXAM, "autograde", ASSIGNMENT, "--timeout", "15", "--workers", "2"],
        cwd=course,
        capture_output=True,
        text=True,
        env=engine_env(work, runtime),
        timeout=300,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    records = {r["student"]: r for r in log_records(course)}
    assert records["sleeper"]["status"] == "failed" and "timed out" in records["sleeper"]["reason"]
    assert 15 <= records["sleeper"]["seconds"] < 40
    assert records["right"]["status"] == "graded" and records["right"]["score"] == 3.0
    time.sleep(1)
    assert not processes_mentioning(str(work), runtime)
    shutil.rmtree(runtime, ignore_errors=True)


# ------------------------------------------------------------------- the same scores: plain nbgrader, pool, Dask

CLASS = {"right": RIGHT, "wrong": WRONG, "blank": None, "crash": "raise ValueError('no idea')\n"}


@pytest.fixture
def dask_cluster(tmp_path):
    """A Dask scheduler and two single-thread workers on 127.0.0.1, started as an admin would."""
    dask = Path(sys.executable).parent / "dask"
    env = engine_env(tmp_path / "dask-work", short_dir())
    scheduler_file = tmp_path / "scheduler.json"
    scheduler = [str(dask), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
    quiet = {"env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "start_new_session": True}
    procs = [subprocess.Popen([*scheduler, "--scheduler-file", str(scheduler_file)], **quiet)]
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        worker = [str(dask), "worker", address, "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"]
        procs += [subprocess.Popen(worker, **quiet) for _ in range(2)]
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=90)
        yield address
    finally:
        for proc in reversed(procs):
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        shutil.rmtree(env["MLEXAM_RUNTIME_ROOT"], ignore_errors=True)


@pytest.mark.slow
@needs_bwrap
def test_plain_nbgrader_local_pool_and_dask_give_the_same_gradebook(tmp_path, dask_cluster):
    base = make_course(tmp_path / "plain")
    for student, code in CLASS.items():
        submit(base, student, code)
    pool, cluster = copy_course(base, tmp_path / "pool"), copy_course(base, tmp_path / "dask")

    plain_autograde(base, ASSIGNMENT)
    run = mlexam(pool, "autograde", ASSIGNMENT, "--workers", "2")
    assert run.returncode == 0, run.stdout + run.stderr
    run = mlexam(cluster, "autograde", ASSIGNMENT, "--scheduler", dask_cluster)
    assert run.returncode == 0, run.stdout + run.stderr

    expected = grades(base)
    assert expected["right"]["tiny/test_answer"][0] == 2.0 and expected["wrong"]["tiny/test_answer"][0] == 0.0
    assert grades(pool) == expected
    assert grades(cluster) == expected
    workers = {r["worker"] for r in log_records(cluster)}
    assert len(workers) == 2, f"both Dask workers should have graded: {workers}"
    assert {r["sandbox"] for r in log_records(cluster)} == {"bwrap"}
    for course in (pool, cluster):
        for student in CLASS:
            assert outputs(course, student) == outputs(base, student)
        nbgrader(course, "generate_feedback", ASSIGNMENT)
        assert len(list((course / "feedback").glob(f"*/{ASSIGNMENT}/{ASSIGNMENT}.html"))) == len(CLASS)


@pytest.mark.slow
def test_auto_without_bubblewrap_warns_loudly_and_grades_under_limits(tmp_path):
    course = make_course(tmp_path / "course")
    submit(course, "right", RIGHT)
    submit(course, "hog", "hoard = bytearray(6 * 1024**3)\n" + ANSWER)
    runtime = short_dir()
    no_bwrap = str(Path(sys.executable).parent)  # this Python's tools only: no /usr/bin/bwrap on the PATH
    run = subprocess.run(
        [*MLEXAM, "autograde", ASSIGNMENT, "--sandbox", "auto", "--memory", "1024"],
        cwd=course,
        capture_output=True,
        text=True,
        env=engine_env(tmp_path / "work", runtime, PATH=no_bwrap),
        timeout=300,
    )
    shutil.rmtree(runtime, ignore_errors=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "NOT sandboxed" in run.stdout and "bubblewrap" in run.stdout
    records = {r["student"]: r for r in log_records(course)}
    assert {r["sandbox"] for r in records.values()} == {"limits"}
    assert records["right"]["score"] == 3.0
    assert "memory limit" in records["hog"]["reason"]


# ---------------------------------------------------------------------------------------------- kill and resume


@pytest.mark.slow
@needs_bwrap
def test_killed_mid_run_a_second_run_grades_only_what_is_missing(tmp_path):
    course = make_course(tmp_path / "course")
    students = [f"s{i:02d}" for i in range(8)]
    for student in students:
        submit(course, student, "import time\ntime.sleep(2)\n" + RIGHT)
    work, runtime = tmp_path / "work", short_dir()
    env = engine_env(work, runtime)
    cmd = [*MLEXAM, "autograde", ASSIGNMENT, "--workers", "2"]
    first = subprocess.Popen(cmd, cwd=course, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while len(log_records(course)) < 3 and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.1)
    os.kill(first.pid, signal.SIGKILL)  # the coordinator only: its workers must follow it
    first.wait()
    done_first = {r["student"] for r in log_records(course)}
    assert 3 <= len(done_first) < len(students), "kill the run part-way"
    time.sleep(2)
    assert not processes_mentioning(str(work), runtime), "the killed run's workers and kernels should be gone"

    second = subprocess.run(cmd, cwd=course, env=env, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stdout + second.stderr
    records = log_records(course)
    done_second = {r["student"] for r in records} - done_first
    assert done_first.isdisjoint(r["student"] for r in records[len(done_first) :]), "nothing graded twice"
    assert f"{len(students) - len(done_second)} already graded" in second.stdout.replace("\n", " ")

    scores = grades(course)
    assert sorted(scores) == students  # one submission per student: no duplicates, none missing
    assert all(cells["tiny/test_answer"][0] == 2.0 for cells in scores.values())
    for student in students:
        assert (course / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
        assert not list((course / "autograded" / student).glob(".mlexam-staging-*"))

    third = subprocess.run(cmd, cwd=course, env=env, capture_output=True, text=True, timeout=300)
    assert "0 graded" in third.stdout and len(log_records(course)) == len(records)
    shutil.rmtree(runtime, ignore_errors=True)


# ---------------------------------------------------------------- ml_debugging, the demo's class, vs plain nbgrader


@pytest.mark.slow
@needs_bwrap
def test_same_gradebook_feedback_and_export_as_plain_nbgrader_on_the_demo_class(course, tmp_path):
    from mlexam.course.demo.demo import submit_class
    from mlexam.course.scratch import ScratchCourse

    assignment = "ml_debugging"
    scratch = ScratchCourse(course, tmp_path / "plain", [assignment])
    scratch.generate()
    profiles = submit_class(scratch, assignment, CORPUS)
    plain = scratch.root
    engine = copy_course(plain, tmp_path / "engine")

    assert not plain_autograde(plain, assignment)
    run = mlexam(engine, "autograde", assignment, "--workers", "2", "--sandbox", "bwrap")
    assert run.returncode == 0, run.stdout + run.stderr

    expected = grades(plain, assignment)
    assert set(expected) == set(profiles)
    assert grades(engine, assignment) == expected
    for student in profiles:
        assert outputs(engine, student, assignment) == outputs(plain, student, assignment)

    for root in (plain, engine):
        nbgrader(root, "generate_feedback", assignment)
        nbgrader(root, "export", "--to", str(root / "grades.csv"))
    for student in profiles:
        assert (engine / "feedback" / student / assignment / "single_batch.html").is_file()
    with open(plain / "grades.csv") as a, open(engine / "grades.csv") as b:  # rows come in grading order
        by_student = [sorted(csv.DictReader(f), key=lambda r: r["student_id"]) for f in (a, b)]
    assert by_student[0] == by_student[1]
