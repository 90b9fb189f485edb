"""What judging outside the kernel costs: grading time per submission now against an earlier revision.

    .venv/bin/python benchmarks/judge_cost.py [--before dc77c37] [--runs 3] [--students 6] [--assignment A ...]

For each revision (a `git worktree` of `--before`, and this working tree), a scratch course of that revision gets
`--students` reference submissions of each assignment, graded by `mlexam autograde --workers 1 --sandbox none`
with that revision's code (PYTHONPATH), `--runs` times. Prints the median seconds per submission and the ratio,
as a markdown table. Only meaningful on an otherwise idle machine: the load average is printed too.
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
from mlexam.course.layout import Course
from mlexam.course.sample_class import Material
from mlexam.course.scratch import ScratchCourse
tree, folder, assignment, students = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
scratch = ScratchCourse(Course(tree), folder, [assignment])
scratch.generate()
material = Material.of(scratch, assignment)
for i in range(students):
    scratch.submit(f"s{i:02d}", assignment, material.submission())
"""


def run(tree: Path, *args: str, cwd: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(tree), "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    subprocess.run([sys.executable, *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)


def seconds_per_submission(tree: Path, work: Path, assignment: str, students: int, runs: int) -> float:
    course = work / f"{tree.name}-{assignment}"
    run(tree, "-c", MAKE_CLASS, str(tree), str(course), assignment, str(students), cwd=work)
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
    parser.add_argument("--students", type=int, default=6)
    parser.add_argument("--assignment", nargs="+", default=["ml_teams", "problem_setup", "ml_debugging"])
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
            print(f"| assignment | before ({args.before}), s per submission | with judges | ratio |")
            print("|---|---|---|---|")
            for assignment in args.assignment:
                old = seconds_per_submission(before, work, assignment, args.students, args.runs)
                new = seconds_per_submission(ROOT, work, assignment, args.students, args.runs)
                print(f"| {assignment} | {old:.2f} | {new:.2f} | {new / old:.2f} |", flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(before)], cwd=ROOT, check=False)


if __name__ == "__main__":
    main()
