"""The plain data that travels between the coordinator, the workers and the grading processes, and its JSON form.

A task holds everything a worker needs to grade one submission in its own scratch course (the course's
`nbgrader_config.py`, the assignment's definition from the gradebook (`AssignmentSpec`), the submitted files, by
value: a worker never reads the course); a result holds what nbgrader recorded (per cell: score, maximum, comment;
the autograded notebooks as text; new files), timings and the signs of tampering found (`TamperFinding`); a timing
record is the result's line in the timing log, which the report reads. All of them cross process and machine
boundaries as JSON text only, never as pickles; so do the zygote's requests and replies.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from typing import Any, Literal, TypedDict, get_args

Status = Literal["graded", "failed", "rejected"]
GRADED: Status = "graded"
FAILED: Status = "failed"
REJECTED: Status = "rejected"  # not graded: the submission failed its intake check (see intake.py)
Sandbox = Literal["bwrap", "limits", "none"]  # where a kernel ran (see sandbox.py)
SandboxMode = Literal["auto", "bwrap", "limits", "none"]  # what the instructor asked for
SANDBOX_MODES: tuple[SandboxMode, ...] = get_args(SandboxMode)
MB = 1024 * 1024  # the limits are in MB (mebibytes)


class GradedCellSpec(TypedDict):
    """A grade or task cell as the gradebook defines it."""

    name: str
    max_score: float
    cell_type: str


class SolutionCellSpec(TypedDict):
    name: str


class SourceCellSpec(TypedDict):
    """A cell's source as the release has it (locked cells: as the course wrote them)."""

    name: str
    cell_type: str
    locked: bool
    source: str
    checksum: str | None


class NotebookSpec(TypedDict):
    name: str
    kernelspec: str | None
    grade_cells: list[GradedCellSpec]
    solution_cells: list[SolutionCellSpec]
    task_cells: list[GradedCellSpec]
    source_cells: list[SourceCellSpec]


class AssignmentSpec(TypedDict):
    """The assignment as the course gradebook defines it (see `gradebook.assignment_spec`)."""

    alembic_version: str | None  # the gradebook's schema version
    name: str
    duedate: str | None  # ISO 8601
    notebooks: list[NotebookSpec]


class ZygoteRequest(TypedDict):
    """One submission for a zygote to grade in a forked process (see `zygote`): paths, deadline, limits."""

    task: str  # the task's JSON
    result: str  # where the grading process writes the result's JSON
    log: str  # its output and nbgrader's log
    scratch: str  # the folder of its scratch course
    runtime: str  # its private runtime folder (kernel sockets, launcher spec)
    timeout: float
    memory_mb: int
    sandbox: SandboxMode
    judges: bool  # whether the task holds judges (the zygote then imports torch before forking)


class ZygoteReply(TypedDict, total=False):
    """How the grading process ended: its exit code, whether the deadline killed it, the sandbox it had."""

    returncode: int
    timed_out: bool
    seconds: float
    sandbox: Sandbox
    warning: str | None  # `auto` fell back to resource limits
    error: str  # no grading process was started (bubblewrap asked for and missing), or its result was unreadable


def now() -> str:
    """The time in UTC, as results and timing records write it (ISO 8601, milliseconds)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """The keys of `data` that `cls` has as fields: newer writers may add fields older readers ignore."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


@dataclass(frozen=True)
class Limits:
    """Resource limits of one submission (its kernels, and the grading process around them)."""

    timeout: float = 600.0  # wall-clock seconds for the whole submission
    memory_mb: int = 2048  # address space of each kernel (RLIMIT_AS)
    cpu_seconds: int = 600  # CPU time of each kernel (RLIMIT_CPU)
    file_mb: int = 64  # largest file a kernel may write (RLIMIT_FSIZE)
    processes: int = 256  # processes and threads of a kernel (RLIMIT_NPROC, bwrap mode)
    open_files: int = 1024  # file descriptors of a kernel (RLIMIT_NOFILE)
    created_files_mb: int = 16  # files a run creates beside the notebooks, returned to the course
    created_files: int = 1000  # how many of them

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Limits:
        return cls(**_known(cls, data))


@dataclass(frozen=True)
class InputFile:
    """A file of the submission or of the assignment's source, by value (base64), with its sha256."""

    rel: str
    sha256: str
    data: str

    @classmethod
    def of(cls, rel: str, content: bytes) -> InputFile:
        return cls(rel, hashlib.sha256(content).hexdigest(), base64.b64encode(content).decode("ascii"))

    def content(self) -> bytes:
        """The file's bytes; ValueError if they are not those the coordinator sent."""
        content = base64.b64decode(self.data)
        if hashlib.sha256(content).hexdigest() != self.sha256:
            raise ValueError(f"{self.rel}: content does not match its sha256")
        return content

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InputFile:
        return cls(**_known(cls, data))


@dataclass(frozen=True)
class Task:
    """Grade one student's submission of one assignment."""

    assignment: str
    student: str
    course_id: str
    config_text: str  # the course's nbgrader_config.py
    spec: AssignmentSpec
    submitted: list[InputFile]  # the submission folder, relative to it
    source_files: list[InputFile]  # the assignment's non-notebook source files, relative to source/<assignment>
    judge_files: list[InputFile] = field(default_factory=list)  # judges and the course secret, relative to source/
    sandbox: SandboxMode = "auto"
    limits: Limits = field(default_factory=Limits)
    extension_seconds: float | None = None  # the student's extension, from the course gradebook
    hidden_paths: list[str] = field(default_factory=list)  # the course's paths: hidden from the grading process too

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Task:
        data = json.loads(text)
        data["submitted"] = [InputFile.from_dict(f) for f in data["submitted"]]
        data["source_files"] = [InputFile.from_dict(f) for f in data["source_files"]]
        data["judge_files"] = [InputFile.from_dict(f) for f in data.get("judge_files", [])]
        data["limits"] = Limits.from_dict(data.get("limits", {}))
        return cls(**_known(cls, data))


@dataclass
class CellGrade:
    """One graded cell as nbgrader recorded it."""

    name: str
    cell_type: str
    auto_score: float | None
    max_score: float
    needs_manual_grade: bool
    task: bool = False  # a task cell (graded by a person), not a grade cell

    @property
    def autograded(self) -> bool:
        return self.cell_type == "code"


@dataclass
class CellComment:
    name: str
    auto_comment: str | None
    task: bool = False  # on a task cell, not a solution cell


@dataclass
class NotebookResult:
    """One notebook of a graded submission."""

    name: str
    grades: list[CellGrade]
    comments: list[CellComment]
    late_submission_penalty: float | None = None
    missing: bool = False  # not submitted: nbgrader gives it zero
    text: str | None = None  # the autograded notebook, as nbgrader wrote it

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NotebookResult:
        data = _known(cls, data)
        data["grades"] = [CellGrade(**g) for g in data["grades"]]
        data["comments"] = [CellComment(**c) for c in data["comments"]]
        return cls(**data)


@dataclass
class OutputFile:
    """A file of the autograded folder besides the notebooks: equal to an input (by hash) or new (inline)."""

    rel: str
    sha256: str
    data: str | None = None


@dataclass(frozen=True)
class TamperFinding:
    """A sign, found outside the kernel, that a submission changed what it should not: a locked cell edited, a
    probe's result missing or forged, a link or FIFO left in its folder, its kernel killed. Every producer (the
    locked-cell check, the judges, the grading process) writes these; the summary and the report read them."""

    kind: str  # cell_edited, cell_deleted, cell_relabelled, metadata_changed, probe_*, special_file, kernel_died
    detail: str  # in words
    cell: str | None = None  # the cell's grade id; None for the notebook or the folder as a whole
    notebook: str | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_dict(cls, data: Any) -> TamperFinding:
        """A finding read back from JSON; anything but an object becomes one of kind "?" saying what it was."""
        if not isinstance(data, dict):
            return cls("?", str(data))
        cell, notebook = data.get("cell"), data.get("notebook")
        return cls(
            str(data.get("kind") or "?"),
            str(data.get("detail") or ""),
            None if cell is None else str(cell),
            None if notebook is None else str(notebook),
        )


@dataclass
class Result:
    """What a worker sends back: the grades nbgrader recorded, the autograded files, and timings."""

    assignment: str
    student: str
    status: Status
    reason: str | None = None  # why it failed, or a note about a graded run (e.g. a limit it hit)
    timestamp: str | None = None  # the submission's timestamp as nbgrader read it
    notebooks: list[NotebookResult] = field(default_factory=list)
    files: list[OutputFile] = field(default_factory=list)
    seconds: float = 0.0  # worker wall time
    execute_seconds: float | None = None  # notebook execution alone (nbclient's cell timings)
    started: str = ""
    finished: str = ""
    worker: str = ""
    sandbox: Sandbox = "none"
    log_tail: str = ""  # the end of nbgrader's log when something went wrong
    tamper: list[TamperFinding] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Result:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a result must be a JSON object")
        data = _known(cls, data)
        data["notebooks"] = [NotebookResult.from_dict(n) for n in data.get("notebooks", [])]
        data["files"] = [OutputFile(**f) for f in data.get("files", [])]
        data["tamper"] = [TamperFinding.from_dict(f) for f in data.get("tamper", [])]
        return cls(**data)

    def auto_score(self) -> tuple[float, float]:
        """Autograded points and their maximum (code cells; written answers are graded by a person)."""
        grades = [g for nb in self.notebooks for g in nb.grades if g.autograded]
        return sum(g.auto_score or 0.0 for g in grades), sum(g.max_score for g in grades)


@dataclass
class TimingRecord:
    """One line of `<course>/logs/autograde/<assignment>.jsonl`: one graded, failed or rejected submission.

    Readers (the next run, the report) take the last record per (assignment, student). New fields may be added, so
    unknown keys are ignored; a line without one of the later fields reads as None (unknown) there.
    """

    assignment: str
    student: str
    status: Status
    reason: str | None = None
    seconds: float | None = None  # the worker's wall time
    execute_seconds: float | None = None
    started: str | None = None
    finished: str | None = None
    worker: str | None = None
    sandbox: Sandbox | None = None
    score: float | None = None
    max_score: float | None = None
    tamper: list[TamperFinding] | None = None  # None: not recorded (a log from before tamper checks)
    fingerprint: str | None = None  # the submission's files (names, sizes, mtimes) as this run saw them
    sha256: str | None = None  # of the files graded, as collected (see `collect.Collected.sha256`)

    @classmethod
    def of(cls, result: Result) -> TimingRecord:
        score, max_score = result.auto_score()
        return cls(
            assignment=result.assignment,
            student=result.student,
            status=result.status,
            reason=result.reason,
            seconds=round(result.seconds, 3),
            execute_seconds=None if result.execute_seconds is None else round(result.execute_seconds, 3),
            started=result.started,
            finished=result.finished,
            worker=result.worker,
            sandbox=result.sandbox,
            score=score,
            max_score=max_score,
            tamper=result.tamper,
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> TimingRecord:
        """A line of the log; ValueError if it is not a record (not an object, no student, an unknown status, a
        field of the wrong type)."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a timing record must be a JSON object")
        data = _known(cls, data)
        if data.get("status") not in get_args(Status) or not all(
            isinstance(data.get(k), str) for k in ("assignment", "student")
        ):
            raise ValueError("a timing record needs an assignment, a student and a status")
        for name in ("seconds", "execute_seconds", "score", "max_score"):
            value = data.get(name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
                raise ValueError(f"{name} must be a number, not {value!r}")
        tamper = data.get("tamper")
        data["tamper"] = [TamperFinding.from_dict(f) for f in tamper] if isinstance(tamper, list) else None
        return cls(**data)


def zero_notebooks(spec: AssignmentSpec) -> list[NotebookResult]:
    """The grades of a submission that could not be graded: zero for every autograded cell, all flagged
    for a person (nbgrader's `needs_manual_grade`), written answers left to grade as usual."""
    notebooks = []
    for nb in spec["notebooks"]:
        grades = [
            CellGrade(c["name"], c["cell_type"], 0.0 if c["cell_type"] == "code" else None, c["max_score"], True)
            for c in nb["grade_cells"]
        ] + [CellGrade(c["name"], c["cell_type"], None, c["max_score"], True, task=True) for c in nb["task_cells"]]
        comments = [CellComment(c["name"], None) for c in nb["solution_cells"]]
        comments += [CellComment(c["name"], None, task=True) for c in nb["task_cells"]]
        notebooks.append(NotebookResult(nb["name"], grades, comments))
    return notebooks
