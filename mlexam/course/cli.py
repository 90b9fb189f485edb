"""The `mlexam` command."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from mlexam.course.coursedir import Course, CourseError
from mlexam.course.hub.cli import app as hub_app
from mlexam.course.nbgrader_run import NbgraderError

app = typer.Typer(
    help="Build, check and grade the ML Teams exam course (run in the course folder).",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
app.add_typer(hub_app, name="hub")
AssignmentArg = Annotated[Optional[str], typer.Argument(help="One assignment; all when omitted.")]  # noqa: UP045


def course() -> Course:
    return Course.find()


@app.command()
def build(assignment: AssignmentArg = None) -> None:
    """Generate release/ from source/ through `nbgrader generate_assignment`."""
    from mlexam.course.authoring.build import build as build_assignment

    c = course()
    for a in c.select(assignment):
        for path in build_assignment(c, a):
            console.print(f"[green]built[/] {path.relative_to(c.root)}")


@app.command()
def check(
    assignment: AssignmentArg = None,
    budget_factor: Annotated[
        float, typer.Option(help="Scale the time budgets (30 s reference, 10 s blank) on a busy machine.")
    ] = 1.0,
) -> None:
    """Self-test: lint, release current and leak-free, reference full marks, blank zero, time budget."""
    from mlexam.course.authoring.check import check_assignment

    c = course()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="mlexam-check-") as tmp:
        for a in c.select(assignment):
            with console.status(f"checking {a}") as status:
                steps = check_assignment(
                    c, a, Path(tmp), on_step=lambda s, a=a: status.update(f"{a}: {s}"), budget_factor=budget_factor
                )
                for r in steps:
                    mark = "[green]PASS[/]" if r.ok else "[red]FAIL[/]"
                    console.print(f"{mark} {r.assignment}: {r.name} [dim]({r.detail})[/]")
                    failures += not r.ok
    if failures:
        console.print(f"[red]{failures} check(s) failed[/]")
        raise typer.Exit(1)
    console.print("[green]all checks passed[/]")


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Scratch course folder for the demo.")] = Path("demo-course"),
    corpus: Annotated[Path, typer.Option(help="Where the sample mistakes come from.")] = Path("tests/corpus"),
    assignment: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--assignment", "-a", help="Only these assignments (repeatable); all by default."),
    ] = None,
    sandbox: Annotated[
        str, typer.Option(help="auto (bubblewrap if it works here, else a warning and limits), bwrap, limits or none.")
    ] = "auto",
) -> None:
    """Build the course, grade a sample class through nbgrader, print the scores, plot them."""
    from mlexam.course.demo.demo import print_summary, run_demo

    c = course()
    chosen = [a for name in assignment for a in c.select(name)] if assignment else c.assignments()
    result = run_demo(c, chosen, out.resolve(), (c.root / corpus).resolve(), console, sandbox=sandbox)
    print_summary(console, result)


@app.command()
def report(
    assignment: Annotated[Optional[str], typer.Argument(help="One graded assignment.")] = None,  # noqa: UP045
    all_: Annotated[bool, typer.Option("--all", help="Every graded assignment, and the CSV exports.")] = False,
    out: Annotated[Optional[Path], typer.Option(help="Output folder; <course>/reports by default.")] = None,  # noqa: UP045
    course_dir: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--course", help="The course folder that holds the gradebook; the current one by default."),
    ] = None,
) -> None:
    """How the class did and which questions worked: statistics, charts, grading runs and CSVs, one HTML page."""
    from mlexam.course.reporting import build_report

    if (assignment is None) != all_:
        raise typer.BadParameter("give one ASSIGNMENT or --all")
    result = build_report(Course.find(course_dir), assignment, out)
    for path in result.files()[1:]:
        console.print(f"[green]wrote[/] {path}")
    for a in result.assignments:
        d = a.section.data
        waiting = [s for s in d.submissions.values() if s.graded and s.totals(d.questions).pending]
        if waiting:
            console.print(f"[yellow]{a.assignment}: {len(waiting)} submission(s) with written answers pending[/]")
    console.print(f"report: [bold]{result.page}[/]")


@app.command()
def publish(
    dest: Annotated[Path, typer.Argument(help="Folder for the learner copy, e.g. a clone of the public repository.")],
    repo: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="GitHub owner/name of the public repository, for the README's Binder badge."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace what DEST holds (its .git is kept).")] = False,
) -> None:
    """Write a learner-only copy (release notebooks, start page, explorers, package, binder/), leak-checked."""
    from mlexam.course.publishing.publish import publish as publish_course

    files = publish_course(course(), dest, repo=repo, force=force)
    console.print(f"[green]published[/] {len(files)} files to [bold]{dest.resolve()}[/], checked for leaks")


@app.command()
def autograde(
    assignment: Annotated[str, typer.Argument(help="The assignment to grade.")],
    student: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--student", help="Only this student (repeatable)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Grade again what was graded or failed before.")] = False,
    workers: Annotated[int, typer.Option(help="Local worker processes.")] = 2,
    scheduler: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="A Dask scheduler (tcp://HOST:PORT) to grade on instead of local workers."),
    ] = None,
    sandbox: Annotated[str, typer.Option(help="auto, bwrap, limits or none.")] = "auto",
    timeout: Annotated[float, typer.Option(help="Wall-clock limit of one submission, in seconds.")] = 600.0,
    memory: Annotated[int, typer.Option(help="Memory limit of each kernel, in MB.")] = 2048,
) -> None:
    """`nbgrader autograde`, in parallel, sandboxed and resumable: same folders, same gradebook, same scores."""
    from mlexam.course.grading.command import run
    from mlexam.course.grading.coordinator import Options
    from mlexam.course.grading.tasks import Limits

    limits = Limits(timeout=timeout, memory_mb=memory, cpu_seconds=int(timeout))
    options = Options(student, force, workers, scheduler, sandbox, limits)
    summary = run(course().root, assignment, options, console)
    if summary.failed or summary.rejected or not summary.gradebook_ok:
        raise typer.Exit(1)


def main() -> None:
    try:
        app()
    except (CourseError, NbgraderError) as exc:
        console.print(f"[red]error:[/] {exc}")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
