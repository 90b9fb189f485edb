"""Check a submission before it is graded: what reaches a worker is a set of readable notebooks, by value.

The submission is first listed without following links (`collect`): a symbolic link, a hard link to a file
outside it, a FIFO, socket or device, or more files, deeper folders, longer paths or more bytes than
`IntakeLimits` allow REJECT it, with the reason. Then each of the assignment's notebooks (`spec["notebooks"]`)
is read with nbformat's own reader, converter and validator. A submission is REJECTED, with a reason per problem,
when a notebook is

- an empty file, not UTF-8 text (the byte offset is given), not JSON (line and column), JSON that is not a
  notebook, of an nbformat nbformat cannot read (5, ...) or older than 3, or invalid against nbformat's schema;
- larger than `IntakeLimits.max_notebook_mb` (not even read), or still over `notebook_mb` without its outputs;
- missing while the folder holds a notebook that is not part of the assignment (renamed? the hint names it);
- or when the submission holds none of the assignment's notebooks ("no notebook submitted").

A rejected submission is not graded: nothing is written to the gradebook or the autograded folder, so grades
of an earlier submission stay. A submission with several notebooks is rejected as a whole when one of them is
broken: grading the readable ones would write an entry with zeros for work the student did hand in; the
reasons name every broken notebook, so one fix (by the student or the instructor) completes it.

A submission is GRADED WITH NOTES (the note goes into the result's reason) when

- a notebook is nbformat 3: the worker gets nbformat's conversion to 4 (what JupyterLab does on opening it;
  nbgrader's cell metadata survives it, as it cannot in nbformat 1 and 2, which are rejected);
- a notebook is over `notebook_mb` because of its outputs: the worker gets a copy without them (nbgrader
  clears outputs before it runs a notebook anyway);
- one of several notebooks is missing and nothing else is there in its place: it gets zero, as in nbgrader;
- the folder holds extra files: they are kept (as nbgrader does); those over `extra_file_mb` are left out.
"""

from __future__ import annotations

import difflib
import json
import warnings
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Protocol

import nbformat

from mlexam.course.grading.tasks import MB

TIMESTAMP = "timestamp.txt"  # written by `nbgrader collect`; part of every submission


@dataclass(frozen=True)
class IntakeLimits:
    """Sizes a submission's files may have, and the shape of its folder (over a cap: rejected, not read)."""

    notebook_mb: float = 20.0  # a larger notebook is graded from a copy without its outputs
    max_notebook_mb: float = 100.0  # a larger one is not read at all: reading takes ~6x its size in memory
    extra_file_mb: float = 10.0  # a larger file beside the notebooks is left out
    max_files: int = 1000  # files in the submission folder
    max_depth: int = 16  # folders nested in it
    max_path_chars: int = 255  # a file's path relative to it
    max_total_mb: float = 200.0  # all its files together


class Files(Protocol):
    """A listed submission (`collect.Collected`): its files' sizes, the problems of its folder, and a reader."""

    sizes: dict[str, int]
    problems: list[str]

    def read(self, rel: str) -> bytes: ...


@dataclass
class Intake:
    """What the check found: problems (reject), notes (grade), and the files a worker gets."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # what the worker gets: as read, or new content

    @property
    def rejected(self) -> bool:
        return bool(self.problems)

    @property
    def reason(self) -> str | None:
        return "; ".join(self.problems or self.notes) or None


@dataclass
class NotebookCheck:
    """One notebook's verdict: a problem, or a note and maybe a copy to grade instead of the file."""

    problem: str | None = None
    note: str | None = None
    replacement: bytes | None = None


def size(n: float) -> str:
    return f"{n / MB:.1f} MB" if n >= 0.1 * MB else f"{n / 1024:.0f} KB"


def names(items: list[str], k: int = 5) -> str:
    shown = ", ".join(repr(i) for i in items[:k])
    return shown + (f" and {len(items) - k} more" if len(items) > k else "")


def check_submission(found: Files, notebooks: list[str], assignment_files: set[str], limits: IntakeLimits) -> Intake:
    """Check one submission: its listed files, the assignment's notebook names, and the other files that belong
    to it (its source files, `timestamp.txt`)."""
    intake = Intake(problems=list(found.problems))
    if intake.problems:
        return intake
    files = found.sizes
    expected = {f"{name}.ipynb" for name in notebooks}
    present = [rel for rel in sorted(expected) if rel in files]
    strangers = sorted(rel for rel in files if rel.endswith(".ipynb") and rel not in expected)
    if not present:
        intake.problems.append(_nothing_submitted(sorted(expected), strangers, sorted(files)))
        return intake
    for rel in sorted(expected - set(present)):
        if strangers:
            intake.problems.append(_renamed(rel, strangers))
        else:
            intake.notes.append(f"{rel} not submitted: zero for its cells (as nbgrader gives)")
    for rel in present:
        verdict, data = check_notebook(rel, found, limits)
        if verdict.problem:
            intake.problems.append(verdict.problem)
        if verdict.note:
            intake.notes.append(verdict.note)
        intake.files[rel] = verdict.replacement if verdict.replacement is not None else data
    _extra_files(intake, found, expected | assignment_files | {TIMESTAMP}, limits)
    return intake


def _nothing_submitted(expected: list[str], strangers: list[str], found: list[str]) -> str:
    if strangers:
        return "; ".join(_renamed(rel, strangers) for rel in expected)
    holds = f"the folder holds {names(found)}" if found else "the folder is empty"
    return f"no notebook submitted: {names(expected)} missing ({holds})"


def _renamed(rel: str, strangers: list[str]) -> str:
    """`rel` is missing; the notebooks found instead, closest name first."""
    close = sorted(strangers, key=lambda s: -difflib.SequenceMatcher(None, rel, PurePosixPath(s).name).ratio())
    which = "which is" if len(close) == 1 else "which are"
    return f"{rel} is missing; found {names(close, 3)}, {which} not part of the assignment: renamed or moved?"


def _extra_files(intake: Intake, found: Files, known: set[str], limits: IntakeLimits) -> None:
    """Keep extra files (noted), leaving out those over the size limit."""
    kept, dropped = [], []
    for rel in sorted(set(found.sizes) - known):
        n = found.sizes[rel]
        if n > limits.extra_file_mb * MB:
            dropped.append(f"{rel} ({size(n)})")
        else:
            kept.append(rel)
            intake.files[rel] = found.read(rel)
    for rel in sorted(known & (set(found.sizes) - set(intake.files))):
        intake.files[rel] = found.read(rel)
    if kept:
        intake.notes.append(f"extra files kept, not graded: {names(kept)}")
    if dropped:
        intake.notes.append(f"extra files left out (over {limits.extra_file_mb:g} MB): {', '.join(dropped[:5])}")


def check_notebook(rel: str, found: Files, limits: IntakeLimits) -> tuple[NotebookCheck, bytes]:
    """Read one notebook as nbformat does; decide whether it can be graded, and from what (with the bytes read)."""
    n = found.sizes[rel]
    if n > limits.max_notebook_mb * MB:
        return NotebookCheck(f"{rel} is {size(n)}, over {limits.max_notebook_mb:g} MB: not read"), b""
    data = found.read(rel)
    nb, major, problem = read_notebook(rel, data)
    if nb is None:
        return NotebookCheck(problem), data
    notes, replacement = [], None
    if major != 4:
        notes.append(f"{rel} is nbformat {major}: graded as nbformat converted it to 4 (as JupyterLab opens it)")
        replacement = nbformat.writes(nb).encode()
    if n > limits.notebook_mb * MB:
        replacement = strip_outputs(nb)
        if len(replacement) > limits.notebook_mb * MB:
            return NotebookCheck(
                f"{rel} is {size(len(replacement))} even without outputs, over {limits.notebook_mb:g} MB"
            ), data
        notes.append(f"{rel} is {size(n)} with its outputs: graded from a copy without them")
    return NotebookCheck(note="; ".join(notes) or None, replacement=replacement), data


def read_notebook(rel: str, data: bytes) -> tuple[nbformat.NotebookNode | None, int | None, str | None]:
    """The notebook as nbformat 4, its original major version, or None and the problem in words."""
    if not data:
        return None, None, f"{rel} is an empty file (0 bytes)"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        return None, None, f"{rel} is not UTF-8 text: byte 0x{byte:02x} at offset {exc.start} (another encoding?)"
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        message = exc.msg.removesuffix(" at")  # "Unterminated string starting at", ...
        return None, None, f"{rel} is not JSON: {message} at line {exc.lineno}, column {exc.colno}"
    except RecursionError:
        return None, None, f"{rel} is JSON nested too deeply to be a notebook"
    major = raw.get("nbformat") if isinstance(raw, dict) else None
    if not isinstance(major, int) or isinstance(major, bool) or ("cells" not in raw and "worksheets" not in raw):
        return None, None, f"{rel} is JSON but not a notebook (no nbformat version and cells)"
    if major not in nbformat.versions:
        return None, None, f"{rel} is nbformat {major}, which nbformat cannot read: expected 4"
    if major < 3:
        return None, None, f"{rel} is nbformat {major}, expected 4: too old to hold nbgrader's cell metadata"
    try:
        return _as_v4(raw, major), major, None
    except nbformat.ValidationError as exc:
        return None, None, f"{rel} is not a valid notebook: {_schema_error(exc)}"
    except Exception as exc:  # a structure nbformat's converter trips over
        detail = ": ".join(filter(None, [type(exc).__name__, str(exc)[:200]]))
        return None, None, f"{rel} is not a valid notebook: {detail}"


def _as_v4(raw: dict[str, Any], major: int) -> nbformat.NotebookNode:
    """nbformat's reading, conversion and validation (`nbformat.reads(text, as_version=4)` without its logging,
    with validation errors raised); cell ids it can fix (missing, duplicated) it fixes. An nbformat 4 notebook is
    validated as read, so that the schema, not the reader, says what is wrong."""
    if major == 4:
        _validate(nbformat.from_dict(raw))
    nb = nbformat.versions[major].to_notebook_json(raw, minor=raw.get("nbformat_minor", 0))
    if major != 4:
        nb = nbformat.convert(nb, 4)
        _validate(nb)
    return nb


def _validate(nb: nbformat.NotebookNode) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nbformat.validate(nb)


def _schema_error(exc: nbformat.ValidationError) -> str:
    where = "/".join(str(p) for p in getattr(exc, "absolute_path", []))
    message = str(getattr(exc, "message", exc)).splitlines()[0]
    message = message if len(message) <= 200 else message[:197] + "..."
    return f"{message} (at {where})" if where else message


def strip_outputs(nb: nbformat.NotebookNode) -> bytes:
    """The notebook without code cells' outputs and execution counts (what nbgrader's ClearOutput does)."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nbformat.writes(nb).encode()
