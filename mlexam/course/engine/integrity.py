"""Check that each test cell really ran, and ran honestly: the grading side of `mlexam.testkit.guard`.

Two nbgrader preprocessors that `mlexam autograde` puts around nbgrader's `Execute`:

- `InjectGuards` adds a first cell that installs the guard, and a cell before and after every test cell
  (a code cell with `grade: true`) that restores what learner code changed and prints a report signed with
  this run's key (`KEY_ENV`, given to the kernel and to this process only).
- `CheckGuards` reads the reports outside the kernel, removes the added cells, and gives a test cell no points
  (an error output, which nbgrader scores 0) when a report is missing or forged, when something changed while
  the test ran, or when the test failed without an error output (a silenced traceback). Every finding is
  appended as a JSON line to the file named by `TAMPER_ENV`, for the instructor's tamper report.

`restore_cells` puts the gradebook's metadata back on a submitted notebook's locked cells before nbgrader reads
it, and records which had been edited, deleted or re-labelled.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_code_cell
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor

from mlexam.testkit.guard import KEY_ENV, MODULES, builtins_used, read_line

TAMPER_ENV = "MLEXAM_TAMPER_LOG"
META = "mlexam_guard"
IMPORT = re.compile(r"^\s*(?:import|from)\s+([\w.]+)", re.MULTILINE)
VOIDING = ("patched_helper", "changed_hook")  # found after a test: it ran with the grading machinery changed
GUARD = '__import__("mlexam.testkit.guard", fromlist=["guard"])'


def _is_test(cell: NotebookNode) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and bool(meta.get("grade_id"))


def _added(code: str, phase: str, test: str | None = None) -> NotebookNode:
    cell = new_code_cell(code)
    cell.metadata[META] = {"phase": phase, "cell": test}
    return cell


def guarded_modules(nb: NotebookNode) -> list[str]:
    """The guarded modules that the notebook's locked cells import (the guard imports them before any learner
    code, so that their snapshot is clean)."""
    locked = "\n".join(c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("locked"))
    roots = {name.split(".")[0] for name in IMPORT.findall(locked)}
    return [m for m in MODULES if m.split(".")[0] in roots and m != "builtins"]


class InjectGuards(NbGraderPreprocessor):
    """Add the guard's cells: install first, then a check before and after each test cell."""

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        cells = [_added(f"{GUARD}.install({guarded_modules(nb)!r})", "install")]
        for cell in nb.cells:
            if _is_test(cell):
                test = cell.metadata.nbgrader["grade_id"]
                digest = hashlib.sha256(cell.source.encode()).hexdigest()
                cells.append(_added(f"{GUARD}.before({test!r}, {builtins_used(cell.source)!r})", "before", test))
                cells.append(cell)
                cells.append(_added(f"{GUARD}.after({test!r}, {digest!r})", "after", test))
            else:
                cells.append(cell)
        nb.cells = cells
        return nb, resources


def _reports(cell: NotebookNode, key: bytes) -> list[dict[str, Any]]:
    text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
    return [r for r in (read_line(key, line) for line in text.splitlines()) if r is not None]


def _error_output(reason: str) -> NotebookNode:
    return NotebookNode(
        output_type="error",
        ename="GradingIntegrityError",
        evalue=reason,
        traceback=[f"GradingIntegrityError: {reason}"],
    )


class CheckGuards(NbGraderPreprocessor):
    """Read the guard's signed reports, void test cells that did not run honestly, remove the added cells."""

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        key = os.environ.get(KEY_ENV, "").encode()
        notebook = resources.get("unique_key", "")
        findings: list[dict[str, Any]] = []
        reports: dict[tuple[str, str], dict[str, Any]] = {}
        for cell in nb.cells:
            added = cell.metadata.get(META)
            if added and added.get("cell"):
                for report in _reports(cell, key):
                    if report.get("cell") == added["cell"] and report.get("phase") == added["phase"]:
                        reports[(added["cell"], added["phase"])] = report
        for cell in nb.cells:
            if cell.metadata.get(META) or not _is_test(cell):
                continue
            test = cell.metadata.nbgrader["grade_id"]
            before, after = reports.get((test, "before")), reports.get((test, "after"))
            for report in (before, after):
                for f in (report or {}).get("findings", []):
                    findings.append({"cell": test, "kind": str(f.get("kind")), "detail": str(f.get("detail"))})
            reason = _void_reason(cell, before, after)
            if reason:
                cell.outputs.append(_error_output(reason))
                findings.append({"cell": test, "kind": "test_voided", "detail": reason})
        nb.cells = [c for c in nb.cells if not c.metadata.get(META)]
        path = os.environ.get(TAMPER_ENV)
        if path and findings:
            with open(path, "a") as f:
                for finding in findings:
                    f.write(json.dumps({"notebook": notebook, **finding}) + "\n")
        return nb, resources


def _void_reason(cell: NotebookNode, before: dict | None, after: dict | None) -> str | None:
    """Why a test cell's result cannot be trusted; None when it can."""
    if before is None:
        return "the check before this test did not report: the kernel's hooks or the grader's guard were tampered with"
    if after is None:
        return "the check after this test did not report: the test did not run to the end, or was tampered with"
    changed = [f for f in after.get("findings", []) if f.get("kind") in VOIDING]
    if changed:
        details = "; ".join(str(f.get("detail")) for f in changed[:3])
        return f"the notebook changed the grading machinery while this test ran ({details})"
    if not after.get("ran"):
        return "this test cell did not run as written"
    has_error = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
    if after.get("error") and not has_error:
        return f"this test failed ({after['error']}) but its error output was suppressed"
    return None


def _release_source(source: str) -> str:
    """A source cell's text as the release shows it: without its hidden tests."""
    cell = NotebookNode(source=source, cell_type="code", metadata={})
    ClearHiddenTests()._remove_hidden_test_region(cell)
    return cell.source.strip()


def _metadata(spec_notebook: dict[str, Any], name: str) -> dict[str, Any]:
    """The nbgrader metadata a locked cell of the gradebook has in the release."""
    points = {c["name"]: float(c["max_score"]) for c in spec_notebook["grade_cells"]}
    meta = {"grade": name in points, "grade_id": name, "locked": True, "solution": False}
    if name in points:
        meta["points"] = points[name]
    return meta


def restore_cells(submitted: dict[str, Any], spec_notebook: dict[str, Any]) -> list[dict[str, Any]]:
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
    found: list[dict[str, Any]] = []

    def note(cell: str, kind: str, detail: str) -> None:
        found.append({"cell": cell, "kind": kind, "detail": detail})

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
