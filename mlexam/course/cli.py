"""The `mlexam` command."""

from __future__ import annotations

import ast
import tempfile
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from mlexam.course.layout import Course, CourseError
from mlexam.course.nbgrader_run import NbgraderError

app = typer.Typer(
    help="Build, check and grade the ML Teams exam course (run in the course folder).",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
AssignmentArg = Annotated[Optional[str], typer.Argument(help="One assignment; all when omitted.")]  # noqa: UP045


def course() -> Course:
    return Course.find()


@app.command()
def build(assignment: AssignmentArg = None) -> None:
    """Generate release/ from source/ through `nbgrader generate_assignment`."""
    from mlexam.course.build import build as build_assignment

    c = course()
    for a in c.select(assignment):
        for path in build_assignment(c, a):
            console.print(f"[green]built[/] {path.relative_to(c.root)}")


@app.command()
def check(assignment: AssignmentArg = None) -> None:
    """Self-test: lint, release current and leak-free, reference full marks, blank zero, time budget."""
    from mlexam.course.check import check_assignment

    c = course()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="mlexam-check-") as tmp:
        for a in c.select(assignment):
            with console.status(f"checking {a}") as status:
                for r in check_assignment(c, a, Path(tmp), on_step=lambda s, a=a: status.update(f"{a}: {s}")):
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
) -> None:
    """Build the course, grade a sample class through nbgrader, print the scores, plot them."""
    from mlexam.course.demo import run_demo

    c = course()
    chosen = [a for name in assignment for a in c.select(name)] if assignment else c.assignments()
    result = run_demo(c, chosen, out.resolve(), (c.root / corpus).resolve(), console)
    console.print(f"grades exported by nbgrader: [bold]{result.csv}[/]")
    console.print(f"score distribution: [bold]{result.chart}[/]")
    console.print(f"feedback for each student: [bold]{result.root / 'feedback'}[/]")


@app.command()
def digest(
    answer: Annotated[str, typer.Argument(help="A Python literal, e.g. \"{'lr_too_low'}\".")],
    salt: Annotated[str, typer.Option(help="The salt the test cell uses.")],
) -> None:
    """Print the salted digest of an answer, for writing hidden tests of choice questions."""
    from mlexam.testkit import answer_digest

    console.print(answer_digest(ast.literal_eval(answer), salt))


def main() -> None:
    try:
        app()
    except (CourseError, NbgraderError) as exc:
        console.print(f"[red]error:[/] {exc}")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
