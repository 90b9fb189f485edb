"""`mlexam autograde`: find the submissions, skip graded ones, run the tasks, write the results.

The coordinator alone touches the course: it reads `submitted/`, writes `autograded/` and the gradebook as
`nbgrader autograde` would, and appends the timing log. Each result is applied in this order, so a kill at
any point leaves a consistent course that the next run completes:

1. the autograded files are written to a staging folder beside their destination;
2. the gradebook gets the submission's grades in ONE transaction (nothing half-written, no duplicates);
3. the staging folder is renamed into place (a submission counts as done once its folder exists);
4. the timing log gets its line.

A failed submission (timeout, dead kernel, crash) is recorded too: in the gradebook with zero for every
autograded cell, each flagged `needs_manual_grade` so the formgrader lists it; with no autograded folder
(as nbgrader leaves it); and in the log with `"status": "failed"` and the reason.

A submission that fails its intake check (`intake`: an unreadable, broken, missing or renamed notebook) is
REJECTED: it never reaches a worker, nothing of it is written to the gradebook or the autograded folder (an
earlier graded submission keeps its grades and files), and the log gets `"status": "rejected"` and the reason.

A failed or rejected submission is not retried unless `--force`, or its files changed since (the log keeps a
fingerprint of their names, sizes and modification times): a student's new submission, or an instructor's fix.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from nbgrader.api import Gradebook
from nbgrader.coursedir import CourseDirectory
from nbgrader.utils import find_all_files
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from mlexam.course.engine.gradebook import assignment_spec, extension_seconds, write_result
from mlexam.course.engine.intake import TIMESTAMP, Intake, IntakeLimits, check_submission
from mlexam.course.engine.progress import TimingLog, last_records, log_path
from mlexam.course.engine.tasks import FAILED, GRADED, REJECTED, InputFile, Limits, Result, Task
from mlexam.course.judging.registry import JUDGE_SUFFIX, SECRET_FILE
from mlexam.course.layout import CONFIG_FILE, CourseError

if TYPE_CHECKING:
    from mlexam.course.engine.executors import Pool

STAGING = ".mlexam-staging-"


@dataclass
class Options:
    """The command line of `mlexam autograde`."""

    students: list[str] | None = None
    force: bool = False
    workers: int = 2
    scheduler: str | None = None
    sandbox: str = "auto"
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
    tampered: dict[str, list[dict]] = field(default_factory=dict)  # the tamper report's entries, per student
    log: Path | None = None
    sandboxes: set[str] = field(default_factory=set)


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

    def source_files(self, inline: bool) -> list[InputFile]:
        source = Path(self.coursedir.format_path(self.coursedir.source_directory, ".", self.assignment))
        files = find_all_files(str(source), [*self.coursedir.ignore, "*.ipynb"])
        return [InputFile.of(Path(f), Path(f).relative_to(source).as_posix(), inline) for f in sorted(files)]

    def judge_files(self) -> list[InputFile]:
        """The assignment's judge modules and the course's secret, by value (relative to the source folder)."""
        source = Path(self.coursedir.root) / self.coursedir.source_directory
        paths = [*sorted((source / self.assignment).glob(f"*{JUDGE_SUFFIX}")), source / SECRET_FILE]
        return [InputFile.of(p, p.relative_to(source).as_posix(), inline=True) for p in paths if p.is_file()]

    def submission(self, student: str) -> dict[str, Path]:
        """The submission's files as nbgrader would take them, by relative path; symlinks are left out (they
        could point at the course's own files, which would then reach the sandbox as part of the submission)."""
        folder = self.submitted(student)
        files = [Path(f) for f in find_all_files(str(folder), list(self.coursedir.ignore)) if not os.path.islink(f)]
        return {f.relative_to(folder).as_posix(): f for f in sorted(files)}

    def submitted_files(
        self, student: str, inline: bool, files: dict[str, Path | bytes] | None = None
    ) -> list[InputFile]:
        """The files a worker gets: the submission's, or those the intake check chose (some replaced)."""
        chosen = self.submission(student) if files is None else files
        return [_input_file(rel, what, inline) for rel, what in sorted(chosen.items())]

    def fingerprint(self, student: str) -> str:
        return fingerprint(self.submission(student))

    def is_graded(self, student: str) -> bool:
        """nbgrader's rule: the autograded folder exists and the submission is not newer than it."""
        dest = self.autograded(student)
        if not dest.is_dir():
            return False
        new = self.coursedir.get_existing_timestamp(str(self.submitted(student)))
        old = self.coursedir.get_existing_timestamp(str(dest))
        return not (new is not None and old is not None and new > old)


def fingerprint(files: dict[str, Path]) -> str:
    """A submission's file names, sizes and modification times, hashed: it changes when any of them does."""
    stats = [(rel, path.stat().st_size, path.stat().st_mtime_ns) for rel, path in sorted(files.items())]
    return hashlib.sha256(repr(stats).encode()).hexdigest()[:16]


def _input_file(rel: str, what: Path | bytes, inline: bool) -> InputFile:
    """A submitted file (a path) or the content the intake check put in its place (always inline)."""
    if isinstance(what, Path):
        return InputFile.of(what, rel, inline)
    return InputFile(rel, hashlib.sha256(what).hexdigest(), data=base64.b64encode(what).decode("ascii"))


def clean_staging(course: CourseSide, students: list[str]) -> None:
    """Remove staging folders a killed run left behind."""
    for student in students:
        parent = course.autograded(student).parent
        if parent.is_dir():
            for stale in parent.glob(f"{STAGING}*"):
                shutil.rmtree(stale, ignore_errors=True)


def stage_files(course: CourseSide, result: Result, task_inputs: dict[str, Path]) -> Path:
    """Write a graded result's notebooks and files to a staging folder beside the destination."""
    dest = course.autograded(result.student)
    staging = dest.parent / f"{STAGING}{dest.name}-{uuid.uuid4().hex[:8]}"
    staging.mkdir(parents=True)
    for nb in result.notebooks:
        if nb.text is not None:
            (staging / f"{nb.name}.ipynb").write_text(nb.text)
    for f in result.files:
        target = staging / f.rel
        if ".." in Path(f.rel).parts or Path(f.rel).is_absolute():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if f.data is not None:
            target.write_bytes(base64.b64decode(f.data))
        elif f.rel in task_inputs:
            shutil.copyfile(task_inputs[f.rel], target)
    for path in staging.rglob("*"):
        if path.is_file():
            os.chmod(path, course.permissions)
    return staging


def swap_in(staging: Path, dest: Path) -> None:
    """Put the staging folder in the destination's place."""
    if dest.exists():
        trash = dest.parent / f"{STAGING}old-{uuid.uuid4().hex[:8]}"
        os.rename(dest, trash)
        os.rename(staging, dest)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        os.rename(staging, dest)


def _inputs(course: CourseSide, task: Task) -> dict[str, Path]:
    """Where each unchanged autograded file comes from: the source's copy wins, as in nbgrader."""
    found = {f.rel: course.submitted(task.student) / f.rel for f in task.submitted}
    source = Path(course.coursedir.format_path(course.coursedir.source_directory, ".", course.assignment))
    found.update({f.rel: source / f.rel for f in task.source_files})
    return found


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
            record and record.status in (FAILED, REJECTED) and record.fingerprint in (None, course.fingerprint(student))
        ):
            (summary.previously_failed if record.status == FAILED else summary.previously_rejected).append(student)
        else:
            todo.append(student)
    return todo, summary


def rejection(assignment: str, student: str, reason: str, started: str, seconds: float) -> Result:
    """The result of a submission the intake check rejected: no grades, the reason."""
    finished = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    return Result(
        assignment, student, REJECTED, reason, seconds=seconds, started=started, finished=finished, worker="intake"
    )


@dataclass
class Checked:
    """The intake check of a run's submissions."""

    accepted: dict[str, Intake] = field(default_factory=dict)  # to grade, from these files
    rejected: list[Result] = field(default_factory=list)
    fingerprints: dict[str, str] = field(default_factory=dict)


def check_all(
    course: CourseSide, spec: dict, students: list[str], source: list[InputFile], limits: IntakeLimits
) -> Checked:
    """The intake check of each submission: those to grade, and results for those rejected."""
    notebooks = [nb["name"] for nb in spec["notebooks"]]
    assignment_files = {f.rel for f in source} | {TIMESTAMP}
    checked = Checked()
    for student in students:
        started, t0 = datetime.now(timezone.utc).isoformat(timespec="milliseconds"), time.monotonic()
        try:
            files = course.submission(student)
            checked.fingerprints[student] = fingerprint(files)
            intake = check_submission(files, notebooks, assignment_files, limits)
        except OSError as exc:  # a file removed or unreadable meanwhile: this submission waits, the rest go on
            intake = Intake(problems=[f"could not read the submission: {exc}"])
        if intake.rejected:
            reason = intake.reason or "rejected"
            checked.rejected.append(rejection(course.assignment, student, reason, started, time.monotonic() - t0))
        else:
            checked.accepted[student] = intake
    return checked


def autograde(
    root: Path,
    assignment: str,
    options: Options,
    on_start: Callable[[int, str], None] | None = None,
    on_result: Callable[[Result], None] | None = None,
) -> Summary:
    """Grade `assignment`'s submissions in the course at `root`; see the module's docstring."""
    from mlexam.course.engine.executors import open_pool

    course = CourseSide(root, assignment)
    spec = assignment_spec(course.db_url, course.course_id, assignment)
    todo, summary = plan(course, options)
    inline = options.scheduler is not None  # remote workers cannot read the course's files
    source_files = course.source_files(inline)
    judge_files = course.judge_files()
    checked = check_all(course, spec, todo, source_files, options.intake)
    to_grade = [s for s in todo if s in checked.accepted]
    clean_staging(course, to_grade)
    hidden = course.hidden()

    if not todo:
        if on_start:
            on_start(0, "nothing to grade")
        return summary
    timing = TimingLog(summary.log)  # type: ignore[arg-type]

    def record(result: Result) -> None:
        timing.write(result, checked.fingerprints.get(result.student))
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
        if not to_grade:
            if on_start:
                on_start(0, "nothing to grade: every submission was rejected")
            for result in checked.rejected:
                record(result)
            return summary
        with Gradebook(course.db_url, course.course_id) as gb, open_pool(options.workers, options.scheduler) as pool:
            if on_start:
                on_start(len(todo), pool.description)
            for result in checked.rejected:
                record(result)

            def make_task(student: str) -> Task:
                return Task(
                    assignment=assignment,
                    student=student,
                    course_id=course.course_id,
                    config_text=course.config_text,
                    spec=spec,
                    submitted=course.submitted_files(student, inline, checked.accepted[student].files),
                    source_files=source_files,
                    judge_files=judge_files,
                    sandbox=options.sandbox,
                    limits=options.limits,
                    extension_seconds=extension_seconds(gb, assignment, student),
                    hidden_paths=hidden,
                )

            for task, result in _run(pool, make_task, to_grade):
                notes = checked.accepted[task.student].notes
                result.reason = "; ".join(filter(None, [result.reason, *notes])) or None
                apply(course, gb, task, result)
                summary.sandboxes.add(result.sandbox)
                record(result)
    finally:
        timing.close()
    return summary


def _run(pool: Pool, make_task: Callable[[str], Task], students: list[str]) -> Iterator[tuple[Task, Result]]:
    """Submit tasks with at most `pool.in_flight` pending (memory stays flat); yield results as they come."""
    from mlexam.course.engine.worker import failed as failed_result
    from mlexam.course.engine.worker import now, run_task

    queue = iter(students)
    pending: dict[Future, Task] = {}

    def fill() -> None:
        while len(pending) < pool.in_flight:
            student = next(queue, None)
            if student is None:
                return
            task = make_task(student)
            pending[pool.executor.submit(run_task, task.to_json())] = task

    fill()
    while pending:
        done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
        for future in done:
            task = pending.pop(future)
            try:
                result = Result.from_json(future.result())
                if (result.assignment, result.student) != (task.assignment, task.student):
                    raise ValueError(f"a result for {result.student}/{result.assignment}, not this task's")
            except Exception as exc:  # a Dask worker lost, a garbled result: this submission fails, the rest go on
                result = failed_result(task, f"worker crash: {type(exc).__name__}: {exc}", now(), 0.0, "none")
            yield task, result
        fill()


def apply(course: CourseSide, gb: Gradebook, task: Task, result: Result) -> None:
    """Write one result into the course: staged files, the gradebook (one transaction), then the folder."""
    dest = course.autograded(result.student)
    staging = stage_files(course, result, _inputs(course, task)) if result.status == GRADED else None
    try:
        write_result(gb, result)
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    if staging is not None:
        swap_in(staging, dest)
    elif dest.exists():  # as nbgrader does with a submission it could not grade
        shutil.rmtree(dest)
    if result.status == FAILED and result.log_tail:  # the end of nbgrader's log, for the instructor
        failed_log = log_path(course.root, course.assignment).with_suffix("") / f"{result.student}.log"
        failed_log.parent.mkdir(parents=True, exist_ok=True)
        failed_log.write_text(f"{result.reason}\n\n{result.log_tail}\n")
