"""What the instructor sees while grading runs: a live bar, and a JSON-lines timing log."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from mlexam.course.grading.tasks import FAILED, REJECTED, Result, TimingRecord


def log_path(course_root: Path, assignment: str) -> Path:
    """`<course>/logs/autograde/<assignment>.jsonl`."""
    return course_root / "logs" / "autograde" / f"{assignment}.jsonl"


def read_records(path: Path) -> tuple[list[TimingRecord], list[int]]:
    """A timing log's records in order, and the numbers of its lines that are not one (a line cut short by a kill)."""
    records: list[TimingRecord] = []
    bad: list[int] = []
    if not path.exists():
        return records, bad
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(TimingRecord.from_json(line))
        except (ValueError, TypeError):
            bad.append(number)
    return records, bad


def last_records(path: Path) -> dict[str, TimingRecord]:
    """The last record per student in a timing log."""
    return {record.student: record for record in read_records(path)[0]}


class TimingLog:
    """Appends one JSON line per graded, failed or rejected submission, flushed as it is written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = open(path, "a")  # noqa: SIM115 - closed in close()
        if self._file.tell() and not path.read_bytes().endswith(b"\n"):
            self._file.write("\n")  # a line cut short by a kill: start on a fresh one

    def write(self, result: Result, fingerprint: str | None = None, sha256: str | None = None) -> TimingRecord:
        record = replace(TimingRecord.of(result), fingerprint=fingerprint, sha256=sha256)
        self._file.write(record.to_json() + "\n")
        self._file.flush()
        return record

    def close(self) -> None:
        self._file.close()


class LiveProgress:
    """A rich progress bar: done / total, failures and rejections, elapsed time and ETA."""

    def __init__(self, console: Console, assignment: str, total: int, where: str) -> None:
        self.failed = 0
        self.rejected = 0
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[failures]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self.task = self.progress.add_task(f"autograding {assignment}", total=total, failures="")
        console.print(f"[dim]{total} submission(s) of {assignment} on {where}[/]")

    def __enter__(self) -> LiveProgress:
        self.progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.progress.stop()

    def done(self, result: Result) -> None:
        if result.status in (FAILED, REJECTED):
            self.failed += result.status == FAILED
            self.rejected += result.status == REJECTED
            self.progress.console.print(
                f"[red]{result.status}[/] {escape(result.student)}: {escape(result.reason or '')}"
            )
        text = f"[red]{self.failed} failed[/]" if self.failed else "[green]0 failed[/]"
        if self.rejected:
            text += f", [red]{self.rejected} rejected[/]"
        self.progress.update(self.task, advance=1, failures=text)
