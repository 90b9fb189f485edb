"""How fast `mlexam autograde` is against plain `nbgrader autograde`, and what the sandbox costs.

    .venv/bin/python benchmarks/autograde_speed.py [--runs 3] [--students 12] [--skip-memory]

Prints, as a markdown table:

- wall time for N submissions of `ml_debugging`: plain `nbgrader autograde` vs `mlexam autograde --workers 2`
  (median of --runs runs), the ratio, and whether every cell got the same score;
- `--sandbox bwrap` vs `--sandbox none` (same workers): the sandbox's cost;
- per-submission overhead: a worker's wall time per submission (`--workers 1`) minus executing the same
  notebook bare with nbclient (kernel start included);
- the coordinator's peak RSS while grading 50 and 500 submissions of a tiny assignment (must be flat).

Timing is only meaningful on an otherwise idle machine: the load average is printed with each number.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.engine_course import RIGHT, make_course, submit  # noqa: E402

from mlexam.course.coursedir import Course  # noqa: E402
from mlexam.course.demo.sample_class import Material, load_corpus  # noqa: E402
from mlexam.course.nbgrader_run import grading_env  # noqa: E402
from mlexam.course.scratch import ScratchCourse  # noqa: E402

ASSIGNMENT = "ml_debugging"


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def make_class(folder: Path, students: int) -> ScratchCourse:
    """`students` submissions of ml_debugging: reference, partial, corpus mistakes and blanks, in turn."""
    scratch = ScratchCourse(Course(ROOT), folder, [ASSIGNMENT])
    scratch.generate()
    material = Material.of(scratch, ASSIGNMENT)
    mistakes = [e for e in load_corpus(ROOT / "tests" / "corpus", ASSIGNMENT) if not e.correct]
    half = material.questions[len(material.questions) // 2 :]
    for i in range(students):
        kind = i % 4
        if kind == 0:
            nb = material.submission()
        elif kind == 1:
            nb = material.submission(blank=half)
        elif kind == 2 and mistakes:
            entry = mistakes[i % len(mistakes)]
            nb = material.submission({entry.question: entry.code})
        else:
            nb = material.blank()
        scratch.submit(f"student{i:02d}", ASSIGNMENT, nb)
    return scratch


def gradebook_cells(root: Path, assignment: str = ASSIGNMENT) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        return {
            (s.student_id, nb.name, g.name): (g.auto_score, g.max_score)
            for s in gb.assignment_submissions(assignment)
            for nb in s.notebooks
            for g in nb.grades
        }


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    started = time.monotonic()
    run = subprocess.run(cmd, cwd=cwd, env=env or grading_env(), capture_output=True, text=True)
    if run.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    return time.monotonic() - started


def plain(root: Path) -> float:
    return timed([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--force"], root)


def engine(root: Path, *args: str, assignment: str = ASSIGNMENT) -> float:
    cmd = [sys.executable, "-m", "mlexam.course.cli", "autograde", assignment, "--force", *args]
    return timed(cmd, root)


def reset(root: Path) -> None:
    shutil.rmtree(root / "autograded", ignore_errors=True)
    shutil.rmtree(root / "logs", ignore_errors=True)


def bare_execution(root: Path, runs: int) -> float:
    """Median wall time to execute student01's submission with nbclient alone (kernel start included)."""
    import nbformat
    from nbclient import NotebookClient

    path = next((root / "submitted" / "student01" / ASSIGNMENT).glob("*.ipynb"))
    times = []
    env_before = dict(os.environ)
    os.environ.update({k: v for k, v in grading_env().items() if k != "PATH"})
    try:
        for _ in range(runs):
            nb = nbformat.read(path, as_version=4)
            started = time.monotonic()
            metadata = {"metadata": {"path": str(root)}}  # errors allowed: a partly answered notebook runs on
            NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True, resources=metadata).execute()
            times.append(time.monotonic() - started)
    finally:
        os.environ.clear()
        os.environ.update(env_before)
    return statistics.median(times)


def peak_rss_mb(root: Path, args: list[str]) -> tuple[float, float]:
    """The coordinator's own peak RSS (VmHWM, MB) while it grades, and the wall time."""
    cmd = [sys.executable, "-m", "mlexam.course.cli", "autograde", "tiny", "--force", *args]
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=root, env=grading_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0

    def sample() -> None:
        nonlocal peak
        while proc.poll() is None:
            try:
                for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]) / 1024)
            except OSError:
                pass
            time.sleep(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    proc.wait()
    sampler.join()
    return peak, time.monotonic() - started


def speed(root: Path, runs: int, workers: int, rows: list) -> None:
    """Plain nbgrader vs the engine with and without the sandbox, alternating, median of `runs`."""
    w = str(workers)
    times: dict[str, list[float]] = {"plain": [], "bwrap": [], "none": []}
    loads: dict[str, list[str]] = {k: [] for k in times}
    expected = None
    for i in range(runs):
        for name, run in (
            ("plain", lambda: plain(root)),
            ("bwrap", lambda: engine(root, "--workers", w, "--sandbox", "bwrap")),
            ("none", lambda: engine(root, "--workers", w, "--sandbox", "none")),
        ):
            reset(root)
            loads[name].append(load())
            times[name].append(run())
            cells = gradebook_cells(root)
            if expected is None:
                expected = cells
            elif cells != expected:
                raise SystemExit(f"run {i + 1}: {name} scores differ from plain nbgrader")
            print(f"run {i + 1} {name}: {times[name][-1]:.1f} s (load {loads[name][-1]})", flush=True)
    med = {k: statistics.median(v) for k, v in times.items()}
    students = len(list((root / "submitted").iterdir()))
    rows.append((f"plain `nbgrader autograde`, {students} x {ASSIGNMENT}", f"{med['plain']:.1f} s", loads["plain"][0]))
    rows.append((f"`mlexam autograde --workers {w}` (bwrap)", f"{med['bwrap']:.1f} s", loads["bwrap"][0]))
    rows.append((f"`mlexam autograde --workers {w} --sandbox none`", f"{med['none']:.1f} s", loads["none"][0]))
    rows.append(("speed-up over plain nbgrader (bwrap)", f"{med['plain'] / med['bwrap']:.2f}x", "-"))
    rows.append(("sandbox cost: bwrap vs none", f"{100 * (med['bwrap'] / med['none'] - 1):+.1f} %", "-"))
    rows.append(("same score in every cell as plain nbgrader", "yes (every run)", "-"))


def overhead(root: Path, runs: int, rows: list) -> None:
    """One warm worker's wall time for a submission, against executing it bare with nbclient."""
    per = []
    for _ in range(runs):
        reset(root)
        engine(root, "--workers", "1", "--sandbox", "bwrap", "--student", "student00", "--student", "student01")
        records = [json.loads(line) for line in (root / "logs/autograde/ml_debugging.jsonl").open()]
        per.append(next(r for r in records if r["student"] == "student01"))  # graded second: a warm zygote
    worker = statistics.median(r["seconds"] for r in per)
    execute = statistics.median(r["execute_seconds"] for r in per)
    at = load()
    bare = bare_execution(root, runs)
    rows.append(("one submission executed bare by nbclient (kernel start included)", f"{bare:.1f} s", at))
    rows.append(("one submission in a warm worker (`--workers 1`, bwrap)", f"{worker:.1f} s", at))
    rows.append(("  of which the notebook's cells (nbclient's cell timings)", f"{execute:.1f} s", at))
    rows.append(("per-submission overhead over bare execution", f"{worker - bare:+.1f} s", "-"))


def memory(tmp: Path, workers: int, rows: list) -> None:
    """The coordinator's peak RSS at 50 and 500 submissions of the tiny assignment (no sandbox: faster)."""
    tiny = make_course(tmp / "tiny")
    for count in (50, 500):
        for i in range(count):
            submit(tiny, f"s{i:04d}", RIGHT)
        at = load()
        peak, seconds = peak_rss_mb(tiny, ["--workers", str(workers), "--sandbox", "none"])
        rows.append((f"coordinator peak RSS, {count} tiny submissions ({seconds:.0f} s)", f"{peak:.0f} MB", at))
        print(rows[-1], flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--students", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", choices=["speed", "overhead", "memory"], action="append")
    args = parser.parse_args()
    parts = args.only or ["speed", "overhead", "memory"]
    rows: list[tuple[str, str, str]] = []
    tmp = Path(tempfile.mkdtemp(prefix="mlexam-bench-"))
    print(f"machine: {os.cpu_count()} CPUs; load average at start {load()}", flush=True)
    try:
        if "speed" in parts or "overhead" in parts:
            root = make_class(tmp / "class", args.students).root
            if "speed" in parts:
                speed(root, args.runs, args.workers, rows)
            if "overhead" in parts:
                overhead(root, args.runs, rows)
        if "memory" in parts:
            memory(tmp, args.workers, rows)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print()
    print("| measurement | result | load average (1/5/15 min) |")
    print("|---|---|---|")
    for what, value, at in rows:
        print(f"| {what} | {value} | {at} |")


if __name__ == "__main__":
    main()
