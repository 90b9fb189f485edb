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
from nbgrader.coursedir import CourseDirectory
from nbgrader.utils import find_all_files, parse_utc
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from mlexam.course.engine import safefs
from mlexam.course.engine.collect import Collected, collect
from mlexam.course.engine.executors import Pool, open_pool
from mlexam.course.engine.failures import failed
from mlexam.course.engine.gradebook import assignment_spec, extension_seconds
from mlexam.course.engine.gradebook_check import GradebookGuard
from mlexam.course.engine.intake import TIMESTAMP, Intake, IntakeLimits, check_submission
from mlexam.course.engine.progress import TimingLog, last_records, log_path
from mlexam.course.engine.tasks import (
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
from mlexam.course.engine.worker import run_task
from mlexam.course.engine.writer import apply, clean_staging
from mlexam.course.judging.registry import JUDGE_SUFFIX, SECRET_FILE
from mlexam.course.layout import CONFIG_FILE, CourseError


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


class CourseSide:
    """The course as nbgrader sees it: its config, folders, gradebook and file permissions."""

    def __init__(self, root: Path, assignment: str) -> None:
        if not (root / CONFIG_FILE).is_file():
            raise CourseError(f"no {CONFIG_FILE} in {root}")
        self.root = root
        self.assignment = assignment
        self.config_text = (root / CONFIG_FILE).read_text()
        self.config: Config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
        self.coursedir = CourseDirectory(config=self.config)
        self.coursedir.root = str(root)
        self.course_id = self.coursedir.course_id
        self.db_url = self.coursedir.db_url
        self.permissions = self._permissions()

    def _permissions(self) -> int:
        """The mode nbgrader gives autograded files: `Autograde.permissions`, else 444 (664 if group-shared)."""
        for section in ("Autograde", "BaseConverter"):
            if "permissions" in self.config.get(section, {}):
                return int(str(self.config[section]["permissions"]), 8)
        return 0o664 if self.coursedir.groupshared else 0o444

    def path(self, step: str, student: str) -> Path:
        return Path(self.coursedir.format_path(step, student, self.assignment))

    def submitted(self, student: str) -> Path:
        return self.path(self.coursedir.submitted_directory, student)

    def autograded(self, student: str) -> Path:
        return self.path(self.coursedir.autograded_directory, student)

    def trusted(self, step: str) -> Path:
        """The instructor's part of a step's paths: everything before the student's folder (from there on, the
        engine follows no link)."""
        probe = Path(self.coursedir.format_path(step, "\0", self.assignment))
        return Path(*probe.parts[: probe.parts.index("\0")])

    def students(self) -> list[str]:
        """Students with a submission folder, notebook or not (nbgrader skips one without a notebook, with a
        warning in its log; here the intake check rejects it, so the run's summary says so)."""
        pattern = self.path(self.coursedir.submitted_directory, "*")
        found = []
        for folder in sorted(Path("/").glob(str(pattern).lstrip("/"))):
            if folder.is_dir():
                found.append(folder.relative_to(self.root).parts[self._student_part()])
        excluded = set(filter(None, self.coursedir.student_id_exclude.split(",")))
        return [s for s in dict.fromkeys(found) if s not in excluded]

    def _student_part(self) -> int:
        probe = Path(self.coursedir.format_path(self.coursedir.submitted_directory, "\0", self.assignment))
        return probe.relative_to(self.root).parts.index("\0")

    def hidden(self) -> list[str]:
        """What a kernel must never see: every course folder and file nbgrader uses."""
        cd = self.coursedir
        paths = [self.root / d for d in (cd.source_directory, cd.release_directory, cd.submitted_directory)]
        paths += [self.root / d for d in (cd.autograded_directory, cd.feedback_directory, "logs")]
        paths += [self.root / CONFIG_FILE]
        if self.db_url.startswith("sqlite:///"):
            paths.append(Path(self.db_url.removeprefix("sqlite:///")))
        return [str(p.resolve()) for p in paths]

    def source_files(self) -> list[InputFile]:
        """The assignment's non-notebook source files, by value (the instructor's: links there are followed)."""
        source = Path(self.coursedir.format_path(self.coursedir.source_directory, ".", self.assignment))
        files = [Path(f) for f in sorted(find_all_files(str(source), [*self.coursedir.ignore, "*.ipynb"]))]
        return [InputFile.of(f.relative_to(source).as_posix(), f.read_bytes()) for f in files]

    def judge_files(self) -> list[InputFile]:
        """The assignment's judge modules and the course's secret, by value (relative to the source folder)."""
        source = Path(self.coursedir.root) / self.coursedir.source_directory
        paths = [*sorted((source / self.assignment).glob(f"*{JUDGE_SUFFIX}")), source / SECRET_FILE]
        return [InputFile.of(p.relative_to(source).as_posix(), p.read_bytes()) for p in paths if p.is_file()]

    def collect(self, student: str, limits: IntakeLimits) -> Collected:
        """The submission's folder, listed without following links (see `collect`); close it after use."""
        trusted = self.trusted(self.coursedir.submitted_directory)
        return collect(self.submitted(student), trusted, list(self.coursedir.ignore), limits)

    def fingerprint(self, student: str, limits: IntakeLimits = IntakeLimits()) -> str:  # noqa: B008 (frozen)
        with self.collect(student, limits) as found:
            return found.fingerprint

    def timestamp(self, step: str, student: str) -> datetime | None:
        """The `timestamp.txt` of a student's folder of `step`, read without following links; None if unreadable."""
        try:
            fd = safefs.open_dir(self.path(step, student), self.trusted(step))
            try:
                return parse_utc(safefs.read_file(fd, TIMESTAMP, limit=1000).decode().strip())
            finally:
                os.close(fd)
        except (OSError, ValueError):
            return None

    def is_graded(self, student: str) -> bool:
        """nbgrader's rule: the autograded folder exists and the submission is not newer than it."""
        if not self.autograded(student).is_dir():
            return False
        new = self.timestamp(self.coursedir.submitted_directory, student)
        old = self.timestamp(self.coursedir.autograded_directory, student)
        return not (new is not None and old is not None and new > old)


def plan(course: CourseSide, options: Options) -> tuple[list[str], Summary]:
    """The students to grade now, and those skipped unless --force: graded already, or failed or rejected
    before with the same files (a record without a fingerprint, from an older run, counts as the same)."""
    summary = Summary(log=log_path(course.root, course.assignment))
    students = course.students()
    if options.students:
        unknown = sorted(set(options.students) - set(students))
        if unknown:
            raise CourseError(f"no submission of {course.assignment} by {', '.join(unknown)}")
        students = [s for s in students if s in set(options.students)]
    if options.force:
        return students, summary
    previous = last_records(summary.log)
    todo = []
    for student in students:
        record = previous.get(student)
        if course.is_graded(student):
            summary.skipped.append(student)
        elif (
            record
            and record.status in (FAILED, REJECTED)
            and record.fingerprint in (None, course.fingerprint(student, options.intake))
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

    course: CourseSide
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
            with self.course.collect(student, self.limits) as found:
                self.fingerprints[student] = found.fingerprint
                intake = check_submission(found, self.notebooks, self.assignment_files, self.limits)
                digest = found.sha256()
        except Exception as exc:  # a file removed or changed meanwhile: this submission waits, the rest go on
            intake = Intake(problems=[f"could not read the submission: {type(exc).__name__}: {exc}"])
        if intake.rejected:
            reason = intake.reason or "rejected"
            return rejection(self.course.assignment, student, reason, started, time.monotonic() - t0)
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
    course = CourseSide(root, assignment)
    spec = assignment_spec(course.db_url, course.course_id, assignment)
    todo, summary = plan(course, options)
    if not todo:
        if on_start:
            on_start(0, "nothing to grade")
        return summary
    guard = GradebookGuard(course.db_url)
    guard.start()
    source_files, judge_files, hidden = course.source_files(), course.judge_files(), course.hidden()
    notebooks = [nb["name"] for nb in spec["notebooks"]]
    intakes = Intakes(course, notebooks, {f.rel for f in source_files} | {TIMESTAMP}, options.intake)
    clean_staging(course, todo)
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
                    source_files=source_files,
                    judge_files=judge_files,
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
