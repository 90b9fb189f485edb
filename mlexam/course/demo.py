"""`mlexam demo`: build the course, grade a sample class through nbgrader, and show the results."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from mlexam.course.charts import score_distribution
from mlexam.course.engine.coordinator import Options
from mlexam.course.engine.coordinator import autograde as engine_autograde
from mlexam.course.layout import Course, CourseError
from mlexam.course.report import build_report
from mlexam.course.sample_class import Material, load_corpus
from mlexam.course.scratch import QuestionScore, ScratchCourse

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


@dataclass
class DemoResult:
    root: Path
    scores: dict[str, dict[str, dict[str, QuestionScore]]]  # assignment -> student -> question
    profiles: dict[str, dict[str, str]]  # assignment -> student -> what was submitted
    csv: Path
    chart: Path
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
    """Submit every student's notebooks for one assignment; return what each one submitted."""
    material = Material.of(scratch, assignment)
    mistakes = [e for e in load_corpus(corpus, assignment) if not e.correct]
    profiles = {}
    n_mistake = 0
    for student, profile in STUDENTS.items():
        if profile == "reference":
            submission, what = material.submission(), "reference answers"
        elif profile == "blank":
            submission, what = material.blank(), "blank release"
        elif profile == "partial":
            half = material.questions[len(material.questions) // 2 :]
            submission, what = material.submission(blank=half), f"first {len(material.questions) - len(half)} answered"
        elif mistakes:
            entry = mistakes[(n_mistake * 7) % len(mistakes)]
            n_mistake += 1
            submission = material.submission({entry.question: material.answer(entry)})
            what = f"mistake in {entry.question}: {entry.name.removeprefix('wrong_').replace('_', ' ')}"
        else:
            submission, what = material.submission(), "reference answers (no corpus)"
        scratch.submit(student, assignment, submission)
        profiles[student] = what
    return profiles


def run_demo(course: Course, assignments: list[str], out: Path, corpus: Path, console: Console) -> DemoResult:
    """The whole demo; prints progress and tables to `console`."""
    prepare(out)
    scratch = ScratchCourse(course, out, assignments)
    console.print(f"[bold]Building[/] {len(assignments)} assignment(s) in {out}")
    scratch.generate()
    profiles = {a: submit_class(scratch, a, corpus) for a in assignments}
    total = sum(len(p) for p in profiles.values())
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("autograding (nbgrader)", total=total)
        for assignment in assignments:
            progress.update(task, description=f"autograding {assignment}")
            # `mlexam autograde`'s engine: parallel, each kernel sandboxed (bubblewrap when it works here)
            engine_autograde(out, assignment, Options(force=True), on_result=lambda _: progress.advance(task))
        progress.update(task, description="feedback")
        for assignment in assignments:
            scratch.feedback(assignment)
    csv = scratch.export(out / "grades.csv")
    scores = {a: scratch.scores(a) for a in assignments}
    chart = score_distribution(
        {a: {s: percent(q) for s, q in scores[a].items()} for a in assignments}, out / "score_distribution.png"
    )
    for assignment in assignments:
        console.print(score_table(assignment, scores[assignment], profiles[assignment]))
    report = build_report(out).page
    return DemoResult(out, scores, profiles, csv, chart, report)


def percent(questions: dict[str, QuestionScore]) -> float:
    auto = [q for q in questions.values() if not q.manual]
    full = sum(q.max_score for q in auto)
    return 100.0 * sum(q.score for q in auto) / full if full else 0.0


def score_table(assignment: str, scores: dict[str, dict[str, QuestionScore]], profiles: dict[str, str]) -> Table:
    """Students by questions, with the autograded total; written answers await a person."""
    questions = list(next(iter(scores.values()))) if scores else []
    table = Table(title=f"{assignment}: points per question", title_justify="left")
    table.add_column("student")
    table.add_column("submitted", style="dim")
    for q in questions:
        table.add_column(q, justify="right")
    table.add_column("auto %", justify="right", style="bold")
    for student, per_question in scores.items():
        cells = []
        for q in questions:
            s = per_question[q]
            if s.manual:
                cells.append(f"[dim]?/{s.max_score:g}[/]")
            else:
                color = "green" if s.score == s.max_score else ("red" if s.score == 0 else "yellow")
                cells.append(f"[{color}]{s.score:g}/{s.max_score:g}[/]")
        table.add_row(student, profiles.get(student, ""), *cells, f"{percent(per_question):.0f}")
    return table
