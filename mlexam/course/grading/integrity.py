"""Locked cells as the course wrote them: what `mlexam autograde` checks in a submission before nbgrader reads it.

`restore_cells` puts the gradebook's metadata back on a submitted notebook's locked cells and records which had
been edited, deleted or re-labelled: signals taken from the file, outside the kernel, for the tamper report.
"""

from __future__ import annotations

from typing import Any

from mlexam.course.grading.tasks import NotebookSpec, TamperFinding
from mlexam.course.markers import DEFAULT, HIDDEN


def _release_source(source: str) -> str:
    """A source cell's text as the release shows it: without its hidden tests (nbgrader's own delimiters)."""
    return DEFAULT.strip(source, (HIDDEN,)).strip()


def _metadata(spec_notebook: NotebookSpec, name: str) -> dict[str, Any]:
    """The nbgrader metadata a locked cell of the gradebook has in the release."""
    points = {c["name"]: float(c["max_score"]) for c in spec_notebook["grade_cells"]}
    meta = {"grade": name in points, "grade_id": name, "locked": True, "solution": False}
    if name in points:
        meta["points"] = points[name]
    return meta


def restore_cells(submitted: dict[str, Any], spec_notebook: NotebookSpec) -> list[TamperFinding]:
    """Put the gradebook's metadata back on the submitted notebook's locked cells (in place), and say what had
    changed: sources edited, cells deleted or re-labelled, grading metadata (points, flags, cell type) altered.

    nbgrader restores a locked cell's source, points and type itself, but a cell whose flags were changed fails
    its checksum and stops the whole notebook, and a re-labelled test cell is dropped: here they are repaired
    first, so the submission is graded on the course's tests."""
    locked = {c["name"]: c for c in spec_notebook["source_cells"] if c["locked"]}
    release = {name: _release_source(c["source"]) for name, c in locked.items()}
    cells = submitted.get("cells")
    cells = [c for c in cells if isinstance(c, dict)] if isinstance(cells, list) else []
    present = {_parse(c)[0] for c in cells} & set(locked)
    found: list[TamperFinding] = []

    def note(cell: str, kind: str, detail: str) -> None:
        found.append(TamperFinding(kind, detail, cell))

    tests = {c["name"] for c in spec_notebook["grade_cells"]}
    for cell in cells:
        grade_id, source, meta = _parse(cell)
        relabelled = grade_id not in locked
        if relabelled:
            twin = next((n for n, text in release.items() if source.strip() and text == source.strip()), None)
            if twin is None or twin in present:
                continue
            note(twin, "cell_relabelled", f"its grade id became {grade_id!r}; put back")
            present.add(twin)
            grade_id = twin
        elif source.strip() != release[grade_id]:
            note(grade_id, "cell_edited", "a locked cell's source was changed; nbgrader puts it back")
        want = _metadata(spec_notebook, grade_id)
        changed = {k: meta.get(k) for k, v in want.items() if meta.get(k) != v}
        if changed and not relabelled:
            note(grade_id, "metadata_changed", f"grading metadata changed ({changed}); put back")
        if cell.get("cell_type") != locked[grade_id]["cell_type"]:
            note(grade_id, "metadata_changed", f"turned into a {cell.get('cell_type')} cell; put back")
            _set_type(cell, locked[grade_id]["cell_type"])
        cell.setdefault("metadata", {})["nbgrader"] = {**meta, **want}
    for name in sorted(locked.keys() - present):
        note(name, "cell_deleted", "a locked cell is missing" + (": nbgrader puts it back" if name in tests else ""))
    return found


def _set_type(cell: dict[str, Any], cell_type: str) -> None:
    cell["cell_type"] = cell_type
    if cell_type == "code":
        cell.setdefault("outputs", [])
        cell.setdefault("execution_count", None)
    else:
        cell.pop("outputs", None)
        cell.pop("execution_count", None)


def _parse(cell: dict[str, Any]) -> tuple[str | None, str, dict[str, Any]]:
    """A raw cell's grade id, source text and nbgrader metadata, whatever shape they came in."""
    meta = (cell.get("metadata") or {}).get("nbgrader") if isinstance(cell.get("metadata"), dict) else None
    meta = meta if isinstance(meta, dict) else {}
    source = cell.get("source", "")
    source = "".join(map(str, source)) if isinstance(source, list) else str(source)
    grade_id = meta.get("grade_id")
    return (grade_id if isinstance(grade_id, str) else None), source, meta
