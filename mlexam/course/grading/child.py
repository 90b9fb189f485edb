"""The forked grading process: grade one submission in its own scratch course, through nbgrader's own autograde.

The zygote forks it per submission (see `zygote`). It first gives up the right to write anything but its own
folders, and to see the course (`confine`), then (`grade`) makes a scratch course from the task's bytes (the
course's `nbgrader_config.py`, the assignment's non-notebook source files and judges, a gradebook holding the
course's definition of the assignment, the submission), points nbgrader's kernel at the sandboxed kernelspec, runs
`nbgrader autograde` in-process, and writes back what nbgrader recorded as JSON, with the files by value
(`outputs`). Whatever goes wrong becomes a failed result with the reason (`failures`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from nbgrader.apps.autogradeapp import AutogradeApp

from mlexam.course.grading import sandbox as sb
from mlexam.course.grading.confine import confine
from mlexam.course.grading.failures import failed, failure_reason, kernel_ended, tail, worker_name
from mlexam.course.grading.gradebook import build_gradebook, grant_extension, read_result
from mlexam.course.grading.intake import IntakeLimits
from mlexam.course.grading.integrity import restore_cells
from mlexam.course.grading.outputs import collect_files, execution_seconds, limit_notes
from mlexam.course.grading.safefs import DIR_FLAGS, open_dir, write_file
from mlexam.course.grading.tasks import GRADED, Result, Sandbox, TamperFinding, Task, now
from mlexam.course.judging.preprocessors import TAMPER_ENV


def grade_file(task_path: Path, result_path: Path, scratch: Path, runtime: Path, sandbox: Sandbox, log: Path) -> None:
    """Grade the task in `task_path` and write the result JSON to `result_path` (atomically); unless the sandbox
    is `none`, first give up the right to write anything but this task's folders (see `confine`)."""
    task = Task.from_json(task_path.read_text())
    problem = _confine(task, task_path.parent, runtime, sandbox)
    if problem and sandbox == "bwrap":
        result = failed(task, f"the grading process could not be confined: {problem}", now(), 0.0, sandbox)
    else:
        result = grade(task, scratch, runtime, sandbox, log)
        if problem:
            result.log_tail = (result.log_tail + f"\nthe grading process could not be confined: {problem}").strip()
    tmp = result_path.with_suffix(".tmp")
    tmp.write_text(result.to_json())
    os.replace(tmp, result_path)


def _confine(task: Task, folder: Path, runtime: Path, sandbox: Sandbox) -> str | None:
    """Confine this process to `folder` (the task's), `runtime` and the gradebook cache, the course hidden;
    the problem in words if namespaces are not allowed here."""
    if sandbox == "none":
        return None
    cache, empty, tmp = _cache(folder), folder / "empty", folder / "tmp"
    for path in (cache, tmp):
        path.mkdir(parents=True, exist_ok=True)
    empty.write_bytes(b"")
    empty.chmod(0o444)
    os.environ["TMPDIR"] = str(tmp)
    tempfile.tempdir = None
    try:
        confine([folder, runtime, cache], [Path(p) for p in task.hidden_paths], empty)
    except OSError as exc:
        return str(exc)
    return None


def _cache(task_folder: Path) -> Path:
    """The gradebook templates shared by the grading processes of one worker (see `_gradebook`)."""
    return task_folder.parent / "gradebooks"


def _write_inputs(task: Task, course: Path) -> None:
    """The scratch course's source files, judges and submission, from the task's bytes, their hashes checked.
    (All of it is hidden from the kernel: the sandbox never shows the scratch course's source/ and submitted/.)"""
    for folder, files in (
        (course / "source" / task.assignment, task.source_files),
        (course / "source", task.judge_files),
        (course / "submitted" / task.student / task.assignment, task.submitted),
    ):
        fd = open_dir(folder, course, create=True)
        try:
            for f in files:
                write_file(fd, f.rel, f.content(), replace=True)
        finally:
            os.close(fd)


WORKER_CONFIG = """

# ---- added by mlexam autograde for this scratch course ----
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.db_url = {db_url!r}
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.directory_structure = "{{nbgrader_step}}/{{student_id}}/{{assignment_id}}"
c.CourseDirectory.student_id_exclude = ""
c.CourseDirectory.assignment_id = ""
c.KernelManager.transport = "ipc"
c.KernelManager.ip = {ipc!r}
"""


def _seed_matplotlib(target: Path) -> None:
    """Copy this machine's matplotlib font cache, so a kernel's fresh config folder need not rebuild it."""
    home = Path.home()
    for folder in (os.environ.get("MPLCONFIGDIR"), home / ".cache" / "matplotlib", home / ".matplotlib"):
        if folder and Path(folder).is_dir():
            for cache in Path(folder).glob("fontlist-*.json"):
                shutil.copy2(cache, target / cache.name)
            break


def _prepare_kernel(task: Task, scratch: Path, runtime: Path, sandbox: Sandbox, hidden: list[Path]) -> dict[str, str]:
    """The sandboxed kernelspec, its launcher spec and the folders a kernel is shown (in `runtime`, private
    otherwise); returns the environment nbgrader runs with."""
    as_root = os.geteuid() == 0
    uid = sb.SANDBOX_UID_BASE + os.getpid() if sandbox == "bwrap" and as_root else None
    sb.prepare_runtime(runtime, uid)
    mpl = runtime / sb.MPL
    _seed_matplotlib(mpl)
    sb.write_etc(runtime / "etc", uid if uid is not None else os.getuid())
    if uid is not None:
        for path in mpl.iterdir():
            os.chown(path, uid, uid, follow_symlinks=False)
    env = dict(os.environ)
    if sandbox == "none":
        kernel_env = None
    else:
        home = "/tmp" if sandbox == "bwrap" else str(scratch / "home")
        (scratch / "home").mkdir()
        kernel_env = sb.kernel_env(env, home, str(mpl))
    depth = IntakeLimits().max_depth
    spec = sb.launcher_spec(sandbox, task.limits, runtime, hidden, uid, kernel_env, depth)
    (runtime / "launcher.json").write_text(json.dumps(spec))
    sb.write_kernelspec(scratch / "jupyter", runtime / "launcher.json")
    env.update(
        JUPYTER_PATH=str(scratch / "jupyter"),
        JUPYTER_RUNTIME_DIR=str(runtime),
        JUPYTER_CONFIG_DIR=str(scratch / "jupyter-config"),
        JUPYTER_DATA_DIR=str(scratch / "jupyter-data"),
    )
    return env


def _autograde(course: Path, task: Task) -> bool:
    """`nbgrader autograde ASSIGNMENT --student STUDENT` in the scratch course, in this process."""

    os.chdir(course)
    app = AutogradeApp()
    try:
        app.initialize([task.assignment, "--student", task.student])
        app.start()
    except SystemExit as exc:
        return exc.code in (0, None)
    return True


def _gradebook(task: Task, path: Path, cache: Path) -> None:
    """The scratch course's gradebook: a copy of one built once per assignment definition.

    (A new nbgrader gradebook runs `alembic heads` in a subprocess: a second of CPU not to pay per submission.)
    """
    key = hashlib.sha256(json.dumps([task.course_id, task.spec], sort_keys=True).encode()).hexdigest()[:16]
    template = cache / f"{key}.db"
    if not template.exists():
        cache.mkdir(parents=True, exist_ok=True)
        fresh = cache / f"{key}.{os.getpid()}.tmp"
        fresh.unlink(missing_ok=True)
        build_gradebook(f"sqlite:///{fresh}", task.course_id, task.spec)
        os.replace(fresh, template)
    shutil.copyfile(template, path)
    if task.extension_seconds is not None:
        grant_extension(f"sqlite:///{path}", task.course_id, task.spec["name"], task.student, task.extension_seconds)


def grade(task: Task, scratch: Path, runtime: Path, sandbox: Sandbox, log: Path) -> Result:
    """Autograde one submission in a scratch course under `scratch` (the folders a kernel is shown, its
    connection files and launcher spec in `runtime`); every failure becomes a result."""

    started, t0 = now(), time.monotonic()
    scratch.mkdir(parents=True)
    course = scratch / "c"
    hidden = [Path(p) for p in task.hidden_paths] + [course / "source", course / "gradebook.db", course / "submitted"]
    _write_inputs(task, course)
    changes = _restore_locked_cells(task, course / "submitted" / task.student / task.assignment)
    db_url = f"sqlite:///{course / 'gradebook.db'}"
    _gradebook(task, course / "gradebook.db", _cache(scratch.parent))
    config = task.config_text + WORKER_CONFIG.format(
        root=str(course), course_id=task.course_id, db_url=db_url, ipc=str(runtime / sb.SOCKETS / "k")
    )
    (course / "nbgrader_config.py").write_text(config)
    env = _prepare_kernel(task, scratch, runtime, sandbox, hidden)
    tamper_log = scratch / "tamper.jsonl"
    os.environ.clear()
    os.environ.update(env, **{TAMPER_ENV: str(tamper_log)})
    ok = _autograde(course, task)
    sys.stdout.flush()
    sys.stderr.flush()

    autograded = course / "autograded" / task.student / task.assignment
    seconds = time.monotonic() - t0
    tamper = changes + _read_tamper(tamper_log)
    if not ok or not autograded.is_dir():
        reason = failure_reason(runtime / "kernels.jsonl", log, task)
        result = failed(task, reason, started, seconds, sandbox, tail(log))
        result.tamper = tamper
        if kernel_ended(reason):
            result.tamper.append(TamperFinding("kernel_died", reason))
        return result
    timestamp, notebooks = read_result(db_url, task.course_id, task.assignment, task.student)
    submitted_names = {Path(f.rel).stem for f in task.submitted if f.rel.endswith(".ipynb") and "/" not in f.rel}
    execute = 0.0
    notes: list[str] = []
    for nb in notebooks:
        nb.missing = nb.name not in submitted_names
        path = autograded / f"{nb.name}.ipynb"
        if path.is_file():
            nb.text = path.read_text()
            execute += execution_seconds(nb.text)
            notes += limit_notes(nb.text, task)
    inputs = {(f.rel, f.sha256) for f in [*task.source_files, *task.submitted]}
    work = None if sandbox == "none" else runtime / sb.WORK
    out = collect_files(autograded, work, {nb.name for nb in notebooks}, inputs, task)
    if out.dropped:
        limits = f"over {task.limits.created_files_mb} MB or {task.limits.created_files} files, or too deep"
        shown = ", ".join(repr(d[:60]) for d in out.dropped[:3]) + (" ..." if len(out.dropped) > 3 else "")
        notes.append(f"{len(out.dropped):,} files the notebook created were left out ({limits}): {shown}")
    if out.strange:
        notes.append(f"the notebook left what is not a file in its folder, not followed: {out.strange[0]}")
    tamper += out.tamper()
    return Result(
        assignment=task.assignment,
        student=task.student,
        status=GRADED,
        reason="; ".join(dict.fromkeys(notes)) or None,
        timestamp=timestamp,
        notebooks=notebooks,
        files=out.files,
        seconds=time.monotonic() - t0,
        execute_seconds=execute,
        started=started,
        finished=now(),
        worker=worker_name(),
        sandbox=sandbox,
        tamper=tamper,
    )


def _restore_locked_cells(task: Task, submission: Path) -> list[TamperFinding]:
    """Repair the submitted notebooks' locked cells (see `integrity.restore_cells`); what had changed."""
    found = []
    for nb in task.spec["notebooks"]:
        path = submission / f"{nb['name']}.ipynb"
        try:
            submitted = json.loads(path.read_bytes())
        except (OSError, ValueError):
            continue  # missing or unreadable: nbgrader reports it
        if not isinstance(submitted, dict):
            continue
        changes = restore_cells(submitted, nb)
        if changes:
            fd = os.open(submission, DIR_FLAGS)
            try:
                write_file(fd, path.name, json.dumps(submitted, indent=1, ensure_ascii=False).encode(), replace=True)
            finally:
                os.close(fd)
        found += [replace(change, notebook=nb["name"]) for change in changes]
    return found


def _read_tamper(path: Path) -> list[TamperFinding]:
    """The findings the judges wrote (see `judging.preprocessors.JudgeProbes`)."""
    if not path.exists():
        return []
    return [TamperFinding.from_dict(json.loads(line)) for line in path.read_text().splitlines() if line.strip()]
