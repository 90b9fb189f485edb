"""What judging outside the kernel costs: grading time per submission now against earlier revisions.

    .venv/bin/python benchmarks/judge_cost.py [--before dc77c37 ...] [--after REV] [--runs 3] [--students 4]
        [--notebook A/NB ...]

For each revision (a `git worktree` of each `--before` and of `--after`, or this working tree without it), a
scratch course of that revision with one notebook of an assignment (its other notebooks left out, so that every
revision grades the same questions) gets `--students` reference submissions, graded by
`mlexam autograde --workers 1 --sandbox none` with that revision's code (PYTHONPATH), `--runs` times. Prints the
median seconds per submission and the ratio of the last revision to each earlier one, as a markdown table ("-"
where a revision has no such notebook). Choose notebooks whose content the revisions share (the defaults changed
only in their tests and prose since dc77c37, the revision before the judges). Only meaningful on an otherwise idle
machine: the load average is printed too.
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
try:
    from mlexam.course.coursedir import Course
except ImportError:  # revisions before its rename
    from mlexam.course.layout import Course
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


def seconds_per_submission(tree: Path, work: Path, notebook: str, students: int, runs: int) -> float | None:
    """The median seconds per submission at the revision in `tree`; None when it has no such notebook."""
    assignment = notebook.split("/")[0]
    if not (tree / "source" / f"{notebook}.ipynb").is_file():
        return None
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
    parser.add_argument("--before", nargs="+", default=["dc77c37"], help="the revisions to compare against")
    parser.add_argument("--after", help="the revision measured last (default: this working tree)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--students", type=int, default=4)
    parser.add_argument("--notebook", nargs="+", default=["problem_setup/loss_functions", "algorithms/lstm"])
    args = parser.parse_args()
    revisions = [*args.before, *([args.after] if args.after else [])]
    with tempfile.TemporaryDirectory(prefix="judge-cost-") as tmp:
        work = Path(tmp)
        trees = [work / f"rev{i}" for i in range(len(revisions))]
        try:
            for tree, revision in zip(trees, revisions):
                subprocess.run(["git", "worktree", "add", "--detach", str(tree), revision], cwd=ROOT, check=True)
            trees += [] if args.after else [ROOT]
            names = [*args.before, args.after or "this tree"]
            print(
                f"load average {'/'.join(f'{x:.1f}' for x in os.getloadavg())}; median of {args.runs} runs, "
                f"{args.students} reference submissions each, one worker, no sandbox; seconds per submission\n"
            )
            ratios = [f"{names[-1]} / {name}" for name in names[:-1]]
            print("| notebook | " + " | ".join([*names, *ratios]) + " |")
            print("|---" * (1 + len(names) + len(ratios)) + "|")
            for notebook in args.notebook:
                times = [seconds_per_submission(t, work, notebook, args.students, args.runs) for t in trees]
                cells = ["-" if t is None else f"{t:.2f}" for t in times]
                last = times[-1]
                cells += ["-" if last is None or t is None else f"{last / t:.2f}" for t in times[:-1]]
                print(f"| {notebook} | " + " | ".join(cells) + " |", flush=True)
        finally:
            for tree in trees:
                if tree != ROOT:
                    subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)


if __name__ == "__main__":
    main()
