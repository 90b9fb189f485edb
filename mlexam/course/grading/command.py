"""`mlexam autograde` on the console: the sandbox check, the live bar, and the closing summary."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from mlexam.course.coursedir import CourseError
from mlexam.course.grading.coordinator import Options, Summary, autograde
from mlexam.course.grading.progress import LiveProgress
from mlexam.course.grading.sandbox import SandboxError, resolve_mode
from mlexam.course.grading.tasks import Result


def loud_warning(console: Console, message: str) -> None:
    console.print(Panel(message, title="[bold red]WARNING: student code is NOT sandboxed[/]", border_style="red"))


def run(root: Path, assignment: str, options: Options, console: Console) -> Summary:
    """Grade with a live bar; print what was graded, failed, rejected and skipped. Raises CourseError on bad input."""
    if options.scheduler is None:  # local workers: check the sandbox here, once, before any student code runs
        try:
            mode, warning = resolve_mode(options.sandbox)
        except (SandboxError, ValueError) as exc:
            raise CourseError(str(exc)) from None
        if warning:
            loud_warning(console, warning)
        options.sandbox = mode
    warned = False
    bar: LiveProgress | None = None

    def on_start(total: int, where: str) -> None:
        nonlocal bar
        if total:
            bar = LiveProgress(console, assignment, total, where).__enter__()

    def on_result(result: Result) -> None:
        nonlocal warned
        if result.sandbox == "limits" and options.sandbox == "auto" and not warned:
            warned = True
            loud_warning(console, f"worker {result.worker} has no working bubblewrap: resource limits only")
        if bar:
            bar.done(result)

    started = time.monotonic()
    try:
        summary = autograde(root, assignment, options, on_start=on_start, on_result=on_result)
    except KeyboardInterrupt:
        console.print("[yellow]interrupted: what was recorded stays; run the same command to grade the rest[/]")
        raise SystemExit(130) from None
    finally:
        if bar:
            bar.__exit__(None, None, None)
    print_summary(console, summary, time.monotonic() - started)
    return summary


def print_summary(console: Console, summary: Summary, seconds: float, max_notes: int = 20) -> None:
    bad = "red" if summary.failed or summary.rejected else "green"
    console.print(
        f"[green]{len(summary.graded)} graded[/], [{bad}]{len(summary.failed)} failed, "
        f"{len(summary.rejected)} rejected[/] "
        f"in {seconds:.1f} s (sandbox: {', '.join(sorted(summary.sandboxes)) or '-'}); "
        f"timing log: {summary.log}"
    )
    if summary.gradebook:
        console.print(f"[{'dim' if summary.gradebook_ok else 'bold red'}]{escape(summary.gradebook)}[/]")
    for student, reason in summary.failed.items():
        console.print(f"  [red]failed[/] {escape(student)}: {escape(reason)}")
    for student, reason in summary.rejected.items():
        console.print(f"  [red]rejected[/] {escape(student)} (not graded, gradebook untouched): {escape(reason)}")
    for student, note in list(summary.notes.items())[:max_notes]:
        console.print(f"  [yellow]note[/] {escape(student)}: {escape(note)}")
    if len(summary.notes) > max_notes:
        console.print(f"  [yellow]... {len(summary.notes) - max_notes} more notes in the timing log[/]")
    if summary.tampered:
        console.print(f"[magenta]tamper report: {len(summary.tampered)} submission(s)[/] (also in `mlexam report`)")
    for student, flags in list(summary.tampered.items())[:max_notes]:
        kinds = ", ".join(f"{kind} x{n}" if n > 1 else kind for kind, n in Counter(f.kind for f in flags).items())
        first = flags[0]
        console.print(
            f"  [magenta]tamper[/] {escape(student)}: {escape(kinds)} "
            f"(first: {escape(first.cell or 'notebook')}: {escape(first.detail)})"
        )
    if summary.skipped:
        console.print(f"[dim]{len(summary.skipped)} already graded, skipped (--force grades them again)[/]")
    for names, what in ((summary.previously_failed, "failed"), (summary.previously_rejected, "were rejected")):
        if names:
            shown = escape(", ".join(names[:10]) + (", ..." if len(names) > 10 else ""))
            console.print(f"[yellow]{len(names)} {what} before and are unchanged, not retried (--force): {shown}[/]")
