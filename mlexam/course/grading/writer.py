"""The coordinator's writes into the course: one submission's result at a time, none of them through a link.

Each result is applied in this order, so a kill at any point leaves a consistent course that the next run completes:

1. the autograded files are written to a staging folder beside their destination (`safefs`: no link followed, no
   `PATH_MAX` limit, unchanged inputs taken from the task's own bytes); if that fails, the submission is FAILED
   with the reason and the run goes on;
2. the gradebook is checked (`GradebookGuard.check`) and gets the submission's grades in ONE transaction; a result
   the gradebook cannot take makes the submission FAILED (its zeros are written instead); a database error stops
   the run (the transaction rolled back, what was written before kept);
3. the staging folder is renamed into place (a submission counts as done once its folder exists).

A failed submission gets no autograded folder (as nbgrader leaves it) and the end of nbgrader's log in
`logs/autograde/<assignment>/<student>.log`.
"""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from nbgrader.api import Gradebook
from sqlalchemy.exc import SQLAlchemyError

from mlexam.course.grading import safefs
from mlexam.course.grading.failures import failed
from mlexam.course.grading.gradebook import GradebookError, write_result
from mlexam.course.grading.progress import log_path
from mlexam.course.grading.tasks import FAILED, GRADED, Result, Task

if TYPE_CHECKING:
    from mlexam.course.coursedir import Course
    from mlexam.course.grading.gradebook_check import GradebookGuard

STAGING = ".mlexam-staging-"


@dataclass
class Staged:
    """A staging folder beside a submission's autograded folder, in the open folder `fd` holding both."""

    fd: int
    name: str

    def put_in_place(self, dest: str) -> None:
        """Rename the staging folder to `dest`, replacing what was there."""
        trash = f"{STAGING}old-{uuid.uuid4().hex[:8]}"
        try:
            os.rename(dest, trash, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        except FileNotFoundError:
            trash = ""
        os.rename(self.name, dest, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        if trash:
            shutil.rmtree(trash, dir_fd=self.fd, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.name, dir_fd=self.fd, ignore_errors=True)

    def close(self) -> None:
        os.close(self.fd)


def clean_staging(course: Course, assignment: str, students: list[str]) -> None:
    """Remove staging folders a killed run left behind."""
    for student in students:
        parent = course.autograded(student, assignment).parent
        if parent.is_dir() and not parent.is_symlink():
            for stale in parent.glob(f"{STAGING}*"):
                shutil.rmtree(stale, ignore_errors=True)


def _contents(result: Result, task: Task) -> dict[str, bytes]:
    """Each autograded file's bytes: new ones from the result, unchanged inputs (same path and hash) from the
    task."""
    inputs = {(f.rel, f.sha256): f for f in [*task.submitted, *task.source_files]}
    found = {}
    for f in result.files:
        if f.data is not None:
            found[f.rel] = base64.b64decode(f.data)
        elif (f.rel, f.sha256) in inputs:
            found[f.rel] = inputs[f.rel, f.sha256].content()
        else:
            raise ValueError(f"{f.rel[:80]!r} is neither new nor one of the files sent")
    return found


def stage_files(course: Course, result: Result, task: Task) -> Staged:
    """Write a graded result's notebooks and files to a new staging folder beside the destination."""
    dest = course.autograded(result.student, result.assignment)
    trusted = course.trusted(course.coursedir.autograded_directory, result.assignment)
    parent = safefs.open_dir(dest.parent, trusted, create=True)
    staged = Staged(parent, f"{STAGING}{dest.name}-{uuid.uuid4().hex[:8]}")
    try:
        os.mkdir(staged.name, 0o755, dir_fd=parent)
        folder = os.open(staged.name, safefs.DIR_FLAGS, dir_fd=parent)
        try:
            for nb in result.notebooks:
                if nb.text is not None:
                    safefs.write_file(folder, f"{nb.name}.ipynb", nb.text.encode(), course.permissions)
            for rel, data in _contents(result, task).items():
                safefs.write_file(folder, rel, data, course.permissions)
        finally:
            os.close(folder)
    except BaseException:
        staged.discard()
        staged.close()
        raise
    return staged


def as_failed(task: Task, result: Result, reason: str) -> Result:
    """`result` turned into a failed one (zeros, flagged for a person), keeping its timings and tamper report."""
    zero = failed(task, reason, result.started, result.seconds, result.sandbox, result.log_tail)
    return replace(zero, finished=result.finished, worker=result.worker, tamper=result.tamper)


def _record(gb: Gradebook, task: Task, result: Result) -> Result:
    """Write the result in one transaction; one the gradebook refuses becomes a failed one, written instead."""
    try:
        write_result(gb, result)
        return result
    except (SQLAlchemyError, GradebookError) as exc:
        raise _stop(task, exc) from exc
    except Exception as exc:  # the result's data: this submission fails, the rest go on
        if result.status == FAILED:
            raise _stop(task, exc) from exc
        zeroed = as_failed(task, result, f"its grades could not be recorded: {type(exc).__name__}: {exc}")
    try:
        write_result(gb, zeroed)
    except Exception as exc:
        raise _stop(task, exc) from exc
    return zeroed


def _stop(task: Task, exc: Exception) -> GradebookError:
    return GradebookError(
        f"writing {task.student}'s grades failed, so the run stopped (the transaction was rolled back; what was "
        f"written before stays): {type(exc).__name__}: {str(exc)[:300]}"
    )


def apply(course: Course, gb: Gradebook, guard: GradebookGuard, task: Task, result: Result) -> Result:
    """Write one result into the course (see the module's docstring); returns it as recorded."""
    staged = None
    if result.status == GRADED:
        try:
            staged = stage_files(course, result, task)
        except Exception as exc:  # a path too long, a link on the way, a file not sent: this submission fails
            result = as_failed(task, result, f"its autograded files could not be written to the course: {exc}")
    try:
        try:
            guard.check(result.student)
            result = _record(gb, task, result)
        except BaseException:
            if staged is not None:
                staged.discard()
            raise
        guard.wrote()
        _finish_files(course, result, staged)
    finally:
        if staged is not None:
            staged.close()
    return result


def _finish_files(course: Course, result: Result, staged: Staged | None) -> None:
    """Put the staged folder in place (a graded result), or remove the old one and keep the log (a failed one);
    what could not be done is added to the result's reason."""
    dest = course.autograded(result.student, result.assignment)
    problems = []
    try:
        if staged is not None and result.status == GRADED:
            staged.put_in_place(dest.name)
        else:
            if staged is not None:
                staged.discard()
            _remove(dest, course.trusted(course.coursedir.autograded_directory, result.assignment))
    except OSError as exc:
        problems.append(f"the autograded folder was not updated: {exc}")
    if result.status == FAILED and result.log_tail:  # the end of nbgrader's log, for the instructor
        try:
            folder = safefs.open_dir(log_path(course.root, result.assignment).with_suffix(""), course.root, True)
            try:
                text = f"{result.reason}\n\n{result.log_tail}\n"
                safefs.write_file(folder, f"{result.student}.log", text.encode(), replace=True)
            finally:
                os.close(folder)
        except (OSError, ValueError) as exc:
            problems.append(f"its grading log was not saved: {exc}")
    if problems:
        result.reason = "; ".join(filter(None, [result.reason, *problems]))


def _remove(dest: Path, trusted: Path) -> None:
    """Remove an autograded folder, as nbgrader does with a submission it could not grade (no link followed)."""
    try:
        parent = safefs.open_dir(dest.parent, trusted)
    except FileNotFoundError:
        return
    try:
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(dest.name, dir_fd=parent)
    finally:
        os.close(parent)
