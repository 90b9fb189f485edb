"""What a graded run sends back besides the grades: its files, by value, and notes on the limits it hit.

The files are those of nbgrader's autograded folder (the inputs: by hash) and those the kernel created or changed
in its throw-away copy of that folder (new content: inline, within `Limits.created_files_mb` and
`Limits.created_files`). Both are listed without following links and read with `O_NOFOLLOW`; only regular files
are taken, and a created file past a limit (size, count, depth, path length) is left out, with a note. What else
the kernel left there (a symbolic link, a FIFO, a socket, a device) is never followed nor returned: it is named
in the tamper report.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from mlexam.course.grading import safefs
from mlexam.course.grading.collect import KINDS
from mlexam.course.grading.intake import IntakeLimits
from mlexam.course.grading.tasks import MB, OutputFile, TamperFinding, Task

Reader = Callable[[], bytes]
# What a graded run's outputs say about the limits it hit (the run completed; the cells lost their points).
LIMIT_SIGNS = (
    ("CellTimeoutError", "a cell ran past the per-cell timeout and was interrupted"),
    ("KeyboardInterrupt", "a cell ran past the per-cell timeout and was interrupted"),
    ("MemoryError", "the kernel hit its memory limit ({memory_mb} MB)"),
    ("can't allocate memory", "the kernel hit its memory limit ({memory_mb} MB)"),
    ("Cannot allocate memory", "the kernel hit its memory limit ({memory_mb} MB)"),
    ("Resource temporarily unavailable", "the kernel hit its process limit ({processes})"),
    ("File too large", "the kernel hit its file size limit ({file_mb} MB)"),
)


def limit_notes(text: str, task: Task) -> list[str]:
    """Notes about the limits a graded notebook's error outputs show it hit."""
    nb = json.loads(text)
    errors = " ".join(
        f"{o.get('ename', '')}: {o.get('evalue', '')}"
        for c in nb.get("cells", [])
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    )
    return [note.format(**asdict(task.limits)) for sign, note in LIMIT_SIGNS if sign in errors]


def execution_seconds(text: str) -> float:
    from nbformat import reads

    from mlexam.course.notebooks import execution_seconds as seconds

    try:
        return seconds(reads(text, as_version=4))
    except Exception:
        return 0.0


@dataclass
class Outputs:
    """A run's files (see the module's docstring)."""

    files: list[OutputFile] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # left out, past a limit
    strange: list[str] = field(default_factory=list)  # links, FIFOs, sockets, devices the kernel left: what they are

    def tamper(self) -> list[TamperFinding]:
        return [TamperFinding("special_file", what) for what in self.strange[:10]]


def _regular_files(folder: Path, max_depth: int, strange: list[str]) -> Iterator[tuple[str, int, Reader | None]]:
    """(path, size, reader) of each regular file below `folder`, no link followed; a folder too deep to enter comes
    as (its path and a slash, 0, None). Anything else found is described in `strange`."""
    try:
        fd = os.open(folder, safefs.DIR_FLAGS)
    except OSError:
        return
    try:
        for rel, st in safefs.walk(fd, max_depth):
            kind = stat.S_IFMT(st.st_mode)
            if kind == stat.S_IFREG:
                yield rel, st.st_size, functools.partial(safefs.read_file, fd, rel, st.st_size)
            elif kind == stat.S_IFDIR:
                if rel.count("/") + 1 >= max_depth:
                    yield f"{rel}/", 0, None
            elif kind == stat.S_IFLNK:
                strange.append(f"{rel[:200]}: a symbolic link to {safefs.link_target(fd, rel)[:200]!r}")
            else:
                strange.append(f"{rel[:200]}: {KINDS.get(kind, 'not a file')}")
    finally:
        os.close(fd)


def collect_files(
    autograded: Path, work: Path | None, notebooks: set[str], inputs: set[tuple[str, str]], task: Task
) -> Outputs:
    """The autograded folder's files besides the graded notebooks, then those the kernel created or changed in
    `work` (its throw-away copy; None when it ran in the folder itself): by hash when equal to an input (`inputs`:
    (rel, sha256) pairs), inline when new, within the limits."""
    caps = IntakeLimits()
    budget = task.limits.created_files_mb * MB
    out = Outputs()
    files: dict[str, OutputFile] = {}
    graded = {f"{name}.ipynb" for name in notebooks}
    known = {rel for rel, _ in inputs}
    new = 0
    for folder in filter(None, (autograded, work)):
        for rel, size, read in _regular_files(folder, caps.max_depth, out.strange):
            if rel in graded:
                continue
            if read is None or len(rel) > caps.max_path_chars:
                out.dropped.append(rel)
                continue
            try:
                content = read() if rel in known else None
                if content is not None and (rel, digest := hashlib.sha256(content).hexdigest()) in inputs:
                    files[rel] = OutputFile(rel, digest)
                    continue
                if new >= task.limits.created_files or size > budget:
                    out.dropped.append(rel)
                    continue
                content = read() if content is None else content
            except OSError:  # changed or gone since it was listed
                out.dropped.append(rel)
                continue
            budget, new = budget - len(content), new + 1
            files[rel] = OutputFile(rel, hashlib.sha256(content).hexdigest(), base64.b64encode(content).decode("ascii"))
    out.files = [files[rel] for rel in sorted(files)]
    return out
