"""Find solution, hidden-test or judge text where learners can read it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from nbformat import NotebookNode

from mlexam.course.markers import Markers

MIN_SECRET_LENGTH = 24


def secret_lines(source_nb: NotebookNode, markers: Markers) -> set[str]:
    """Distinctive lines of the solutions and hidden tests: long, and nowhere else in the source."""
    inside: set[str] = set()
    outside: set[str] = set()
    for cell in source_nb.cells:
        inside.update(line.strip() for line in markers.inside(cell.source))
        outside.update(line.strip() for line in markers.strip(cell.source).split("\n"))
    return {line for line in inside - outside if len(line) >= MIN_SECRET_LENGTH}


def judge_lines(source_dir: Path, assignment: str | None = None) -> set[str]:
    """Distinctive lines of the judges (of one assignment, or all) and the course's secret itself."""
    from mlexam.course.judging.registry import JUDGE_SUFFIX, SECRET_FILE

    lines: set[str] = set()
    for path in sorted(source_dir.glob(f"{assignment or '*'}/*{JUDGE_SUFFIX}")):
        lines |= {line.strip() for line in path.read_text(encoding="utf-8").splitlines()}
    if (source_dir / SECRET_FILE).is_file():
        lines.add((source_dir / SECRET_FILE).read_text().strip())
    generic = ("import ", "from ", "#", '"""')  # imports, comments and docstring fences say nothing secret
    return {line for line in lines if len(line) >= MIN_SECRET_LENGTH and not line.startswith(generic)}


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def readable_text(path: Path) -> str:
    """What a learner reads in a file: a notebook's cells and outputs, or the file's text."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".ipynb":
        try:
            return "".join(_strings(json.loads(text)))
        except json.JSONDecodeError:
            pass
    return text


def find_leaks(secrets: set[str], files: Iterable[Path], markers: Markers) -> list[str]:
    """Each file that holds a solution or hidden-test delimiter (anywhere, as nbgrader finds them) or a secret
    line, with what it holds."""
    found = []
    for path in files:
        text = readable_text(path)
        if delimiters := markers.found_in(text):
            found.append(f"{path}: solution or hidden-test markers ({', '.join(map(repr, delimiters))})")
        hits = [s for s in secrets if s in text]
        if hits:
            found.append(f"{path}: {len(hits)} line(s) of solutions, hidden tests or judges, e.g. {hits[0]!r}")
    return found
