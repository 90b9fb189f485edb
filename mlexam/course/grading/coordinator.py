"""`mlexam autograde`: find the submissions, skip graded ones, run the tasks, write the results.

The coordinator alone touches the course: it reads `submitted/`, writes `autograded/` and the gradebook as
`nbgrader autograde` would, and appends the timing log; the grading processes get everything by value and cannot
write the course (see `confine`). Each submission is

1. collected and checked (`collect`, `intake`) just before its task is made: listed without following links,
   read once; the bytes read are what the worker grades, and their sha256 goes to the timing log;
2. graded by a worker (`worker`);
3. written into the course by `writer.apply`: staged files, the gradebook in ONE transaction, then the folder.

The gradebook is checked before, during and after the run (`gradebook_check`): a damaged gradebook stops the run
before anything is written.

A failed submission (timeout, dead kernel, crash, autograded files that could not be written) is recorded too:
in the gradebook with zero for every autograded cell, each flagged `needs_manual_grade` so the formgrader lists
it; with no autograded folder (as nbgrader leaves it); and in the log with `"status": "failed"` and the reason.

A submission that fails its intake check (a link, FIFO or device, a folder over the caps, an unreadable, broken,
missing or renamed notebook) is REJECTED: it never reaches a worker, nothing of it is written to the gradebook or
the autograded folder (an earlier graded submission keeps its grades and files), and the log gets
`"status": "rejected"` and the reason.

A failed or rejected submission is not retried unless `--force`, or its files changed since (the log keeps a
fingerprint of their names, sizes and modification times): a student's new submission, or an instructor's fix.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from nbgrader.api import Gradebook
from nbgrader.utils import find_all_files, parse_utc

from mlexam.course.coursedir import Course, CourseError
from mlexam.course.grading import safefs
from mlexam.course.grading.collect import Collected, collect
from mlexam.course.grading.executors import Pool, open_pool
from mlexam.course.grading.failures import failed
from mlexam.course.grading.gradebook import assignment_spec, extension_seconds
from mlexam.course.grading.gradebook_check import GradebookGuard
from mlexam.course.grading.intake import TIMESTAMP, Intake, IntakeLimits, check_submission
from mlexam.course.grading.progress import TimingLog, last_records, log_path
from mlexam.course.grading.tasks import (
    FAILED,
    GRADED,
    REJECTED,
    InputFile,
    Limits,
    Result,
    Sandbox,
    SandboxMode,
    TamperFinding,
    Task,
    now,
)
from mlexam.course.grading.worker import run_task
from mlexam.course.grading.writer import apply, clean_staging
from mlexam.course.judging.registry import JUDGE_SUFFIX, SECRET_FILE


@dataclass
class Options:
    """The command line of `mlexam autograde`."""

    students: list[str] | None = None
    force: bool = False
    workers: int = 2
    scheduler: str | None = None
    sandbox: SandboxMode = "auto"
    limits: Limits = field(default_factory=Limits)
    intake: IntakeLimits = field(default_factory=IntakeLimits)


@dataclass
class Summary:
    """What a run did."""

    graded: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    rejected: dict[str, str] = field(default_factory=dict)  # not graded, the gradebook untouched: why
    notes: dict[str, str] = field(default_factory=dict)  # graded, with something to know (limits, extra files)
    skipped: list[str] = field(default_factory=list)
    previously_failed: list[str] = field(default_factory=list)
    previously_rejected: list[str] = field(default_factory=list)
    tampered: dict[str, list[TamperFinding]] = field(default_factory=dict)  # the tamper report, per student
    log: Path | None = None
    sandboxes: set[Sandbox] = field(default_factory=set)
    gradebook: str = ""  # the gradebook's check after the run, in words
    gradebook_ok: bool = True


def source_files(course: Course, assignment: str) -> list[InputFile]:
    """The assignment's non-notebook source files, by value (the instructor's: links there are followed)."""
    source = course.path(course.coursedir.source_directory, ".", assignment)
    files = [Path(f) for f in sorted(find_all_files(str(source), [*course.coursedir.ignore, "*.ipynb"]))]
    return [InputFile.of(f.relative_to(source).as_posix(), f.read_bytes()) for f in files]


def judge_files(course: Course, assignment: str) -> list[InputFile]:
    """The assignment's judge modules and the course's secret, by value (relative to the source folder)."""
    paths = [*sorted((course.source / assignment).glob(f"*{JUDGE_SUFFIX}")), course.source / SECRET_FILE]
    return [InputFile.of(p.relative_to(course.source).as_posix(), p.read_bytes()) for p in paths if p.is_file()]


def collect_submission(course: Course, student: str, assignment: str, limits: IntakeLimits) -> Collected:
    """The submission's folder, listed without following links (see `collect`); close it after use."""
    trusted = course.trusted(course.coursedir.submitted_directory, assignment)
    return collect(course.submitted(student, assignment), trusted, list(course.coursedir.ignore), limits)


def fingerprint(
    course: Course,
    student: str,
    assignment: str,
    limits: IntakeLimits = IntakeLimits(),  # noqa: B008 (frozen)
) -> str:
    with collect_submission(course, student, assignment, limits) as found:
        return found.fingerprint


def timestamp(course: Course, step: str, student: str, assignment: str) -> datetime | None:
    """The `timestamp.txt` of a student's folder of `step`, read without following links; None if unreadable."""
    try:
        fd = safefs.open_dir(course.path(step, student, assignment), course.trusted(step, assignment))
        try:
            return parse_utc(safefs.read_file(fd, TIMESTAMP, limit=1000).decode().strip())
        finally:
            os.close(fd)
    except (OSError, ValueError):
        return None


def is_graded(course: Course, student: str, assignment: str) -> bool:
    """nbgrader's rule: the autograded folder exists and the submission is not newer than it."""
    if not course.autograded(student, assignment).is_dir():
        return False
    new = timestamp(course, course.coursedir.submitted_directory, student, assignment)
    old = timestamp(course, course.coursedir.autograded_directory, student, assignment)
    return not (new is not None and old is not None and new > old)


def plan(course: Course, assignment: str, options: Options) -> tuple[list[str], Summary]:
    """The students to grade now, and those skipped unless --force: graded already, or failed or rejected
    before with the same files (a record without a fingerprint, from an older run, counts as the same)."""
    summary = Summary(log=log_path(course.root, assignment))
    students = course.students(assignment)
    if options.students:
        unknown = sorted(set(options.students) - set(students))
        if unknown:
            raise CourseError(f"no submission of {assignment} by {', '.join(unknown)}")
        students = [s for s in students if s in set(options.students)]
    if options.force:
        return students, summary
    previous = last_records(summary.log)
    todo = []
    for student in students:
        record = previous.get(student)
        if is_graded(course, student, assignment):
            summary.skipped.append(student)
        elif (
            record
            and record.status in (FAILED, REJECTED)
            and record.fingerprint in (None, fingerprint(course, student, assignment, options.intake))
        ):
            (summary.previously_failed if record.status == FAILED else summary.previously_rejected).append(student)
        else:
            todo.append(student)
    return todo, summary


def rejection(assignment: str, student: str, reason: str, started: str, seconds: float) -> Result:
    """The result of a submission the intake check rejected: no grades, the reason."""
    return Result(
        assignment, student, REJECTED, reason, seconds=seconds, started=started, finished=now(), worker="intake"
    )


@dataclass
class Intakes:
    """The intake of a run's submissions, one at a time as their tasks are made; what each record needs."""

    course: Course
    assignment: str
    notebooks: list[str]
    assignment_files: set[str]
    limits: IntakeLimits
    fingerprints: dict[str, str] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)  # sha256 of the files sent, per student
    notes: dict[str, list[str]] = field(default_factory=dict)

    def check(self, student: str) -> Intake | Result:
        """The submission, collected and checked: what to grade, or the result of its rejection."""
        started, t0 = now(), time.monotonic()
        try:
            with collect_submission(self.course, student, self.assignment, self.limits) as found:
                self.fingerprints[student] = found.fingerprint
                intake = check_submission(found, self.notebooks, self.assignment_files, self.limits)
                digest = found.sha256()
        except Exception as exc:  # a file removed or changed meanwhile: this submission waits, the rest go on
            intake = Intake(problems=[f"could not read the submission: {type(exc).__name__}: {exc}"])
        if intake.rejected:
            reason = intake.reason or "rejected"
            return rejection(self.assignment, student, reason, started, time.monotonic() - t0)
        self.digests[student], self.notes[student] = digest, intake.notes
        return intake


def autograde(
    root: Path,
    assignment: str,
    options: Options,
    on_start: Callable[[int, str], None] | None = None,
    on_result: Callable[[Result], None] | None = None,
) -> Summary:
    """Grade `assignment`'s submissions in the course at `root`; see the module's docstring."""
    course = Course(root)
    spec = assignment_spec(course.db_url, course.course_id, assignment)
    todo, summary = plan(course, assignment, options)
    if not todo:
        if on_start:
            on_start(0, "nothing to grade")
        return summary
    guard = GradebookGuard(course.db_url)
    guard.start()
    sources, judges, hidden = source_files(course, assignment), judge_files(course, assignment), course.hidden()
    notebooks = [nb["name"] for nb in spec["notebooks"]]
    intakes = Intakes(course, assignment, notebooks, {f.rel for f in sources} | {TIMESTAMP}, options.intake)
    clean_staging(course, assignment, todo)
    timing = TimingLog(summary.log)  # type: ignore[arg-type]

    def record(result: Result) -> None:
        timing.write(result, intakes.fingerprints.get(result.student), intakes.digests.get(result.student))
        if result.tamper:
            summary.tampered[result.student] = result.tamper
        if result.status == GRADED:
            summary.graded.append(result.student)
            if result.reason:
                summary.notes[result.student] = result.reason
        elif result.status == REJECTED:
            summary.rejected[result.student] = result.reason or "unknown"
        else:
            summary.failed[result.student] = result.reason or "unknown"
        if on_result:
            on_result(result)

    try:
        with Gradebook(course.db_url, course.course_id) as gb, open_pool(options.workers, options.scheduler) as pool:
            if on_start:
                on_start(len(todo), pool.description)

            def prepare(student: str) -> Task | Result:
                intake = intakes.check(student)
                if isinstance(intake, Result):
                    return intake
                return Task(
                    assignment=assignment,
                    student=student,
                    course_id=course.course_id,
                    config_text=course.config_text,
                    spec=spec,
                    submitted=[InputFile.of(rel, data) for rel, data in sorted(intake.files.items())],
                    source_files=sources,
                    judge_files=judges,
                    sandbox=options.sandbox,
                    limits=options.limits,
                    extension_seconds=extension_seconds(gb, assignment, student),
                    hidden_paths=hidden,
                )

            for task, result in _run(pool, prepare, todo):
                if task is not None:
                    result.reason = "; ".join(filter(None, [result.reason, *intakes.notes[task.student]])) or None
                    result = apply(course, gb, guard, task, result)
                    summary.sandboxes.add(result.sandbox)
                record(result)
    finally:
        timing.close()
    summary.gradebook_ok, summary.gradebook = guard.finish()
    return summary


def _run(
    pool: Pool, prepare: Callable[[str], Task | Result], students: list[str]
) -> Iterator[tuple[Task | None, Result]]:
    """Make tasks as workers free up, at most `pool.in_flight` pending (memory stays flat: a task holds its
    files); yield each result as it comes, a rejection (no task) at once."""
    queue = iter(students)
    pending: dict[Future, Task] = {}
    rejected: deque[Result] = deque()

    def fill() -> None:
        while len(pending) < pool.in_flight:
            student = next(queue, None)
            if student is None:
                return
            prepared = prepare(student)
            if isinstance(prepared, Result):
                rejected.append(prepared)
            else:
                pending[pool.executor.submit(run_task, prepared.to_json())] = prepared

    while True:
        fill()
        while rejected:
            yield None, rejected.popleft()
        if not pending:
            return
        done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
        for future in done:
            task = pending.pop(future)
            try:
                result = Result.from_json(future.result())
                if (result.assignment, result.student) != (task.assignment, task.student):
                    raise ValueError(f"a result for {result.student}/{result.assignment}, not this task's")
            except Exception as exc:  # a Dask worker lost, a garbled result: this submission fails, the rest go on
                result = failed(task, f"worker crash: {type(exc).__name__}: {exc}", now(), 0.0, "none")
            yield task, result
