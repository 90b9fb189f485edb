"""`mlexam demo`: build the course, grade a sample class through nbgrader, and show the results."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from mlexam.course.coursedir import Course, CourseError
from mlexam.course.demo.sample_class import Material, load_corpus
from mlexam.course.grading.command import loud_warning
from mlexam.course.grading.coordinator import Options
from mlexam.course.grading.coordinator import autograde as engine_autograde
from mlexam.course.grading.sandbox import SandboxError, resolve_mode
from mlexam.course.reporting import build_report
from mlexam.course.reporting.charts import score_distribution
from mlexam.course.reporting.data import Question, Submission, read_gradebook
from mlexam.course.scratch import ScratchCourse

MARKER = ".mlexam-demo"
# Each student's profile; "mistake" students each get a different wrong answer from the corpus.
STUDENTS = {
    "ada": "reference",
    "blaise": "partial",
    "cleo": "mistake",
    "dara": "mistake",
    "emil": "mistake",
    "fay": "blank",
}
SANDBOXES = {
    "bwrap": "bubblewrap (no network, no course files, no gradebook)",
    "limits": "resource limits only (student code can read the course)",
    "none": "none (student code runs as you)",
}


@dataclass
class Graded:
    """One assignment of the demo, as the gradebook holds it."""

    questions: list[Question]
    submissions: dict[str, Submission]  # student -> points; None for a written answer awaiting a person
    profiles: dict[str, str]  # student -> what was submitted
    failed: dict[str, str] = field(default_factory=dict)  # student -> why the engine could not grade it


@dataclass
class DemoResult:
    root: Path
    graded: dict[str, Graded]  # assignment -> its class
    csv: Path
    chart: Path
    sandbox: str  # what student code ran in: bwrap, limits or none
    report: Path | None = None  # the instructor's report page (`mlexam report --all`)


def prepare(out: Path) -> None:
    """Empty `out` for a fresh run, refusing to delete a folder the demo did not make."""
    if out.exists():
        if not (out / MARKER).exists():
            raise CourseError(f"{out} exists and is not a demo folder: choose another --out")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("made by `mlexam demo`; safe to delete\n")


def submit_class(scratch: ScratchCourse, assignment: str, corpus: Path) -> dict[str, str]:
    """Submit every student's notebooks for one assignment; return what each one submitted.

    Students who answer everything also write the written answers (the reference text), which wait for a
    person; the partial and the blank submissions leave them as released, which nbgrader grades 0 at once.
    """
    material = Material.of(scratch, assignment)
    mistakes = [e for e in load_corpus(corpus, assignment) if not e.correct]
    profiles = {}
    n_mistake = 0
    for student, profile in STUDENTS.items():
        if profile == "reference":
            submission, what = material.submission(written=True), "reference answers"
        elif profile == "blank":
            submission, what = material.blank(), "blank release"
        elif profile == "partial":
            half = material.questions[len(material.questions) // 2 :]
            submission = material.submission(blank=half)
            n = len(material.questions) - len(half)
            what = f"first {n} question{'s' * (n != 1)} answered, no written answer"
        elif mistakes:
            entry = mistakes[(n_mistake * 7) % len(mistakes)]
            n_mistake += 1
            submission = material.submission({entry.question: material.answer(entry)}, written=True)
            what = f"mistake in {entry.question}: {entry.name.removeprefix('wrong_').replace('_', ' ')}"
        else:
            submission, what = material.submission(written=True), "reference answers (no corpus)"
        scratch.submit(student, assignment, submission)
        profiles[student] = what
    return profiles


def choose_sandbox(requested: str, console: Console) -> str:
    """The sandbox for student code, said out loud (`auto`: bubblewrap when it works here, else a warning)."""
    try:
        mode, warning = resolve_mode(requested)
    except (SandboxError, ValueError) as exc:
        raise CourseError(str(exc)) from None
    if warning:
        loud_warning(console, warning)
    console.print(f"[bold]Sandbox:[/] {SANDBOXES.get(mode, mode)}")
    return mode


def run_demo(
    course: Course, assignments: list[str], out: Path, corpus: Path, console: Console, sandbox: str = "auto"
) -> DemoResult:
    """The whole demo; prints progress and tables to `console`."""
    prepare(out)
    mode = choose_sandbox(sandbox, console)
    scratch = ScratchCourse(course, out, assignments)
    console.print(f"[bold]Building[/] {len(assignments)} assignment(s) in {out}")
    scratch.generate()
    profiles = {a: submit_class(scratch, a, corpus) for a in assignments}
    total = sum(len(p) for p in profiles.values())
    failed: dict[str, dict[str, str]] = {}
    used: set[str] = set()
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("autograding", total=total)
        for assignment in assignments:
            progress.update(task, description=f"autograding {assignment}")
            # `mlexam autograde`'s engine: parallel, each kernel in the sandbox chosen above
            summary = engine_autograde(
                out, assignment, Options(force=True, sandbox=mode), on_result=lambda _: progress.advance(task)
            )
            failed[assignment] = dict(summary.failed)
            used |= summary.sandboxes
        progress.update(task, description="feedback")
        for assignment in assignments:
            scratch.feedback(assignment)
    csv = scratch.export(out / "grades.csv")
    graded = {}
    for assignment in assignments:
        questions, submissions = read_gradebook(scratch.copy, assignment)
        graded[assignment] = Graded(questions, submissions, profiles[assignment], failed[assignment])
    chart = score_distribution(
        {a: {s: auto_percent(g, s) for s in g.submissions} for a, g in graded.items()},
        out / "score_distribution.png",
    )
    for assignment, g in graded.items():
        print_class(console, assignment, g)
    report = build_report(scratch.copy).page
    return DemoResult(out, graded, csv, chart, ", ".join(sorted(used)) or mode, report)


def auto_percent(graded: Graded, student: str) -> float:
    return graded.submissions[student].totals(graded.questions).auto_percent or 0.0


def _cell(points: float | None, top: float, pending: bool) -> str:
    if pending:
        return "[dim]pending[/]"
    if points is None:
        return ""
    color = "green" if points >= top - 1e-9 else ("red" if points <= 0 else "yellow")
    return f"[{color}]{points:g}[/]"


def score_table(assignment: str, graded: Graded) -> Table:
    """Questions by students (so that it fits 80 columns however many questions), then the totals: autograded
    points and percent, and the points of written answers that await a person (pending, not 0)."""
    students = list(graded.submissions)
    table = Table(
        title=f"{assignment}: points per question",
        title_justify="left",
        box=box.HORIZONTALS,
        show_edge=False,
        pad_edge=False,
    )
    table.add_column("question", no_wrap=True)
    table.add_column("max", justify="right")
    for student in students:
        table.add_column(escape(student), justify="right", no_wrap=True)
    subs = [graded.submissions[s] for s in students]
    for i, q in enumerate(graded.questions):
        cells = [_cell(s.points.get(q.name), q.max_points, s.pending(q.name)) for s in subs]
        label = f"{escape(q.name)}*" if q.manual else escape(q.name)
        table.add_row(label, f"{q.max_points:g}", *cells, end_section=i == len(graded.questions) - 1)
    totals = [s.totals(graded.questions) for s in subs]
    auto_max = sum(q.max_points for q in graded.questions if not q.manual)
    table.add_row("[bold]autograded[/]", f"{auto_max:g}", *[f"[bold]{t.auto:g}[/]" for t in totals])
    table.add_row("autograded %", "", *["" if t.auto_percent is None else f"{t.auto_percent:.0f}%" for t in totals])
    written = [q for q in graded.questions if q.manual]
    if written:
        table.add_row(
            "written, pending",
            f"{sum(q.max_points for q in written):g}",
            *[f"[dim]{t.pending:g}[/]" if t.pending else "-" for t in totals],
        )
    return table


def print_class(console: Console, assignment: str, graded: Graded) -> None:
    """The table, then what each student submitted and how to read it (long text below, not in columns)."""
    console.print(score_table(assignment, graded))
    if any(q.manual for q in graded.questions):
        console.print("  * a written answer, graded by a person: [dim]pending[/] until then (0 if left blank)")
    width = max(map(len, graded.profiles), default=0)
    for student, what in graded.profiles.items():
        console.print(f"  {escape(student):<{width}}  [dim]{escape(what)}[/]")
    for student, reason in graded.failed.items():
        console.print(f"  [red]grading failed[/] {escape(student)}: {escape(reason)}")
    console.print()


def print_summary(console: Console, result: DemoResult) -> None:
    """Where to look: the files the demo wrote, most useful first."""
    n = sum(len(g.submissions) for g in result.graded.values())
    failed = sum(len(g.failed) for g in result.graded.values())
    pending = sum(1 for g in result.graded.values() for s in g.submissions.values() if s.totals(g.questions).pending)
    console.print(
        f"[bold]Done:[/] {n} submissions of {len(result.graded)} assignment(s) graded, sandbox: {result.sandbox}"
        + (f", [red]{failed} failed[/]" if failed else "")
    )
    console.print(f"Where to look, in {result.root}:")
    rows = [
        (result.report, "the instructor's report: statistics, runs, CSVs"),
        (result.csv, "the grades, as `nbgrader export` writes them"),
        (result.chart, "each student's autograded score, per assignment"),
        (result.root / "feedback", "what students get back: <student>/<assignment>/"),
    ]
    for path, what in rows:
        if path is not None:
            name = path.relative_to(result.root).as_posix() + ("/" if path.is_dir() else "")
            console.print(f"  {escape(name):<24} {what}")
    if pending:
        console.print(f"Written answers to grade: {pending} submissions, with `nbgrader formgrader` in that")
        console.print("folder; then `mlexam report --all` there counts them.")
