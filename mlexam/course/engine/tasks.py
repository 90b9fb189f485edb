"""The plain data that travels between the coordinator and the workers, and its JSON form.

A task holds everything a worker needs to grade one submission in its own scratch course (the course's
`nbgrader_config.py`, the assignment's definition from the gradebook, the submitted files, by value: a worker
never reads the course); a result holds
what nbgrader recorded (per cell: score, maximum, comment; the autograded notebooks as text; new files) and
timings. Both cross process and machine boundaries as JSON text only, never as pickles.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone
from typing import Any

GRADED, FAILED = "graded", "failed"
REJECTED = "rejected"  # not graded: the submission failed its intake check (see intake.py)
SANDBOXES = ("bwrap", "limits", "none")


def now() -> str:
    """The time in UTC, as results and timing records write it (ISO 8601, milliseconds)."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


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
    spec: dict[str, Any]  # the assignment as the course gradebook defines it (see gradebook.assignment_spec)
    submitted: list[InputFile]  # the submission folder, relative to it
    source_files: list[InputFile]  # the assignment's non-notebook source files, relative to source/<assignment>
    judge_files: list[InputFile] = field(default_factory=list)  # judges and the course secret, relative to source/
    sandbox: str = "auto"  # requested: auto, bwrap, limits, none
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


@dataclass
class Result:
    """What a worker sends back: the grades nbgrader recorded, the autograded files, and timings."""

    assignment: str
    student: str
    status: str  # GRADED or FAILED
    reason: str | None = None  # why it failed, or a note about a graded run (e.g. a limit it hit)
    timestamp: str | None = None  # the submission's timestamp as nbgrader read it
    notebooks: list[NotebookResult] = field(default_factory=list)
    files: list[OutputFile] = field(default_factory=list)
    seconds: float = 0.0  # worker wall time
    execute_seconds: float | None = None  # notebook execution alone (nbclient's cell timings)
    started: str = ""
    finished: str = ""
    worker: str = ""
    sandbox: str = "none"
    log_tail: str = ""  # the end of nbgrader's log when something went wrong
    tamper: list[dict[str, Any]] = field(default_factory=list)  # {"cell", "kind", "detail"} per suspicious sign

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
        return cls(**data)

    def auto_score(self) -> tuple[float, float]:
        """Autograded points and their maximum (code cells; written answers are graded by a person)."""
        grades = [g for nb in self.notebooks for g in nb.grades if g.autograded]
        return sum(g.auto_score or 0.0 for g in grades), sum(g.max_score for g in grades)


@dataclass
class TimingRecord:
    """One line of `<course>/logs/autograde/<assignment>.jsonl`: one graded (or failed) submission.

    Readers take the last record per (assignment, student); new fields may be added, so ignore unknown keys.
    """

    assignment: str
    student: str
    status: str
    reason: str | None
    seconds: float
    execute_seconds: float | None
    started: str
    finished: str
    worker: str
    sandbox: str
    score: float
    max_score: float
    tamper: list[dict[str, Any]] = field(default_factory=list)
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
        return json.dumps(asdict(self), sort_keys=False)

    @classmethod
    def from_json(cls, text: str) -> TimingRecord:
        return cls(**_known(cls, json.loads(text)))


def zero_notebooks(spec: dict[str, Any]) -> list[NotebookResult]:
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
