"""`mlexam check`: the instructor's self-test of an assignment, through real nbgrader runs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from mlexam.course import notebooks
from mlexam.course.authoring.leaks import find_leaks, judge_lines, secret_lines
from mlexam.course.authoring.lint import lint
from mlexam.course.coursedir import Course
from mlexam.course.demo.sample_class import Material
from mlexam.course.judging.registry import judge_coverage
from mlexam.course.scratch import ScratchCourse

REFERENCE_BUDGET_S = 30.0
BLANK_BUDGET_S = 10.0


@dataclass(frozen=True)
class CheckResult:
    """One line of the self-test."""

    assignment: str
    name: str
    ok: bool
    detail: str


def check_assignment(
    course: Course,
    assignment: str,
    workdir: Path,
    on_step: Callable[[str], None] | None = None,
    budget_factor: float = 1.0,
) -> Iterator[CheckResult]:
    """Run every check of one assignment, yielding each result as soon as it is known.

    `budget_factor` scales the time budgets, for a machine that is busy with other work.
    """
    step = on_step or (lambda _: None)

    def result(name: str, problems: list[str], ok_detail: str) -> CheckResult:
        return CheckResult(assignment, name, not problems, "; ".join(problems) or ok_detail)

    names = course.notebooks(assignment)
    markers = course.markers
    for name in names:
        nb = notebooks.read(course.source / assignment / f"{name}.ipynb")
        yield result(f"metadata lint of {name}.ipynb", lint(nb), "grade_ids, points, locks, kernelspec")
        problems = [
            f"cell {notebooks.grade_id(cell) or k}: {problem}"
            for k, cell in enumerate(nb.cells)
            for problem in markers.problems(cell.source)
        ]
        yield result(f"markers of {name}.ipynb", problems, "every solution and hidden-test marker as nbgrader reads it")

    step("generating the release")
    scratch = ScratchCourse(course, workdir / assignment, [assignment])
    scratch.generate()
    stale = [
        f"release/{assignment}/{n}.ipynb differs from a fresh build: run `mlexam build {assignment}`"
        for n in names
        if not (course.release / assignment / f"{n}.ipynb").is_file()
        or (course.release / assignment / f"{n}.ipynb").read_bytes()
        != (scratch.root / "release" / assignment / f"{n}.ipynb").read_bytes()
    ]
    yield result("release/ is current", stale, "identical to a fresh nbgrader build")

    yield result("every test cell has a judge", judge_coverage(course, assignment), "judged outside the kernel")

    public = {
        line.strip()
        for n in names
        for c in scratch.release_notebook(assignment, n).cells
        for line in c.source.splitlines()
    }
    secrets = set().union(*(secret_lines(scratch.source_notebook(assignment, n), markers) for n in names))
    secrets |= judge_lines(course.source, assignment) - public
    leaks = find_leaks(secrets, sorted((course.release / assignment).rglob("*")) if not stale else [], markers)
    yield result("release/ leaks nothing", leaks, f"no markers, none of {len(secrets)} solution/test/judge lines")

    material = Material.of(scratch, assignment)
    scratch.submit("reference", assignment, material.submission())
    scratch.submit("blank", assignment, material.blank())
    step("autograding the reference and the blank release")
    failed = scratch.autograde(assignment)
    scores = scratch.scores(assignment)

    def totals(student: str) -> tuple[float, float]:
        auto = [s for s in scores.get(student, {}).values() if not s.manual]
        return sum(s.score for s in auto), sum(s.max_score for s in auto)

    got, full = totals("reference")
    short = [
        f"{q}: {s.score:g}/{s.max_score:g}"
        for q, s in scores.get("reference", {}).items()
        if not s.manual and s.score < s.max_score
    ]
    problems = (["nbgrader could not grade it"] if "reference" in failed else []) + short
    yield result("reference answers get full marks", problems, f"{got:g}/{full:g} autograded points")

    got, _ = totals("blank")
    problems = ["nbgrader could not grade it"] if "blank" in failed else []
    problems += [f"scored {got:g}, not 0"] if got else []
    yield result("blank release scores 0", problems, "0 points, and the run completed")

    for student, budget in (("reference", REFERENCE_BUDGET_S), ("blank", BLANK_BUDGET_S)):
        budget *= budget_factor
        times = {
            n: notebooks.execution_seconds(
                notebooks.read(scratch.root / "autograded" / student / assignment / f"{n}.ipynb")
            )
            for n in names
        }
        slow = [f"{n}.ipynb took {t:.1f} s" for n, t in times.items() if t > budget]
        detail = ", ".join(f"{n}.ipynb {t:.1f} s" for n, t in times.items())
        yield result(f"{student} run within {budget:g} s", slow, detail)
