"""What judging outside the kernel costs: grading time per submission now against an earlier revision.

    .venv/bin/python benchmarks/judge_cost.py [--before dc77c37] [--runs 3] [--students 4] [--notebook A/NB ...]

For each revision (a `git worktree` of `--before`, and this working tree), a scratch course of that revision with
one notebook of an assignment (its other notebooks left out, so that both revisions grade the same questions)
gets `--students` reference submissions, graded by `mlexam autograde --workers 1 --sandbox none` with that
revision's code (PYTHONPATH), `--runs` times. Prints the median seconds per submission and the ratio, as a
markdown table. Choose notebooks whose content the two revisions share (the defaults changed only in their tests
and prose). Only meaningful on an otherwise idle machine: the load average is printed too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAKE_CLASS = """
import sys
from pathlib import Path
from mlexam.course import notebooks
from mlexam.course.coursedir import Course
from mlexam.course.scratch import ScratchCourse
tree, folder, assignment, notebook = Path(sys.argv[1]), Path(sys.argv[2]), *sys.argv[3].split("/")
students = int(sys.argv[4])
scratch = ScratchCourse(Course(tree), folder, [assignment])
for other in (folder / "source" / assignment).glob("*.ipynb"):
    if other.stem != notebook:
        other.unlink()
scratch.generate()
answers = notebooks.reference_answers(scratch.source_notebook(assignment, notebook))
filled = notebooks.with_answers(scratch.release_notebook(assignment, notebook), answers)
for i in range(students):
    scratch.submit(f"s{i:02d}", assignment, {notebook: filled})
"""


def run(tree: Path, *args: str, cwd: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(tree), "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    subprocess.run([sys.executable, *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)


def seconds_per_submission(tree: Path, work: Path, notebook: str, students: int, runs: int) -> float:
    assignment = notebook.split("/")[0]
    course = work / f"{tree.name}-{notebook.replace('/', '-')}"
    run(tree, "-c", MAKE_CLASS, str(tree), str(course), notebook, str(students), cwd=work)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        grade = ["-m", "mlexam.course.cli", "autograde", assignment, "--force", "--workers", "1", "--sandbox", "none"]
        run(tree, *grade, cwd=course)
        times.append((time.perf_counter() - start) / students)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="dc77c37", help="the revision to compare against")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--students", type=int, default=4)
    parser.add_argument("--notebook", nargs="+", default=["problem_setup/loss_functions", "algorithms/lstm"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="judge-cost-") as tmp:
        work = Path(tmp)
        before = work / "before"
        subprocess.run(["git", "worktree", "add", "--detach", str(before), args.before], cwd=ROOT, check=True)
        try:
            print(
                f"load average {'/'.join(f'{x:.1f}' for x in os.getloadavg())}; median of {args.runs} runs, "
                f"{args.students} reference submissions each, one worker, no sandbox\n"
            )
            print(f"| notebook | before ({args.before}), s per submission | with judges | ratio |")
            print("|---|---|---|---|")
            for notebook in args.notebook:
                old = seconds_per_submission(before, work, notebook, args.students, args.runs)
                new = seconds_per_submission(ROOT, work, notebook, args.students, args.runs)
                print(f"| {notebook} | {old:.2f} | {new:.2f} | {new / old:.2f} |", flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(before)], cwd=ROOT, check=False)


if __name__ == "__main__":
    main()
