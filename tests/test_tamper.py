"""Attacks on the grading earn nothing under plain `nbgrader autograde` and under `mlexam autograde`; honest answers
that print, warn, write to stderr or show a function lose nothing; both paths give the same scores
(see `tests/support/attacks.py`)."""

from __future__ import annotations

import json
import shutil

import pytest
from support.attacks import grade_both, total

from mlexam.course.grading.integrity import restore_cells
from mlexam.course.scratch import ScratchCourse

needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")


@pytest.mark.slow
@needs_bwrap
@pytest.mark.parametrize("assignment", ["ml_teams", "problem_setup"])
def test_attacks_earn_nothing_on_either_path(course, tmp_path, assignment):
    scratch = ScratchCourse(course, tmp_path / "plain", [assignment])
    scratch.generate()
    graded = grade_both(scratch, assignment, tmp_path / "engine")

    # nbgrader itself refuses a notebook whose test cells were re-labelled or un-graded (a checksum error): that
    # student is not graded, so earns nothing; the engine repairs the cells first and grades.
    edited = {s for s, (attack, _) in graded.students.items() if attack and attack.edit}
    assert graded.plain_failed <= edited, f"plain nbgrader could not grade {sorted(graded.plain_failed - edited)}"
    for student, record in graded.records.items():
        assert record["status"] == "graded", (student, record["reason"])
    both = set(graded.plain) - graded.plain_failed
    assert {s: graded.plain[s] for s in both} == {s: graded.engine[s] for s in both}, "the two paths disagree"
    for student, (attack, role) in graded.students.items():
        record = graded.records[student]
        if role == "honest":
            assert total(graded.plain, student) == record["max_score"], f"{student} lost points"
            assert record["tamper"] == [], (student, record["tamper"])  # no false alarms on honest code
            continue
        for scores in [graded.engine] + ([] if student in graded.plain_failed else [graded.plain]):
            assert total(scores, student) <= total(scores, role), f"{attack.name}: the attack earned points"
        if attack.flagged:
            assert record["tamper"], f"{attack.name}: not in the tamper report"
            assert all(f["cell"] and f["kind"] and f["detail"] for f in record["tamper"])
    bases = {role for _, role in graded.students.values() if role.startswith("base")}
    for base in bases:
        assert graded.records[base]["tamper"] == [], (base, graded.records[base]["tamper"])


@pytest.mark.unit
def test_locked_cells_get_their_metadata_back():
    spec = {
        "grade_cells": [{"name": "test_a", "max_score": 2.0, "cell_type": "code"}],
        "source_cells": [
            {
                "name": "test_a",
                "cell_type": "code",
                "locked": True,
                "source": "assert f() == 1\n### BEGIN HIDDEN TESTS\nassert f() != 2\n### END HIDDEN TESTS",
                "checksum": "",
            },
            {"name": "setup", "cell_type": "code", "locked": True, "source": "import os", "checksum": ""},
        ],
    }
    meta = {"grade": True, "grade_id": "test_a", "locked": True, "solution": False, "points": 2.0}
    honest = {
        "cells": [
            {
                "cell_type": "code",
                "source": "import os",
                "metadata": {"nbgrader": {"grade": False, "grade_id": "setup", "locked": True, "solution": False}},
            },
            {"cell_type": "code", "source": "assert f() == 1\n", "metadata": {"nbgrader": dict(meta)}},
        ]
    }
    assert restore_cells(honest, spec) == []

    relabelled = json.loads(json.dumps(honest))
    relabelled["cells"][1]["metadata"]["nbgrader"].update(grade_id="mine", grade=False, points=0)
    assert [f.kind for f in restore_cells(relabelled, spec)] == ["cell_relabelled"]
    assert relabelled["cells"][1]["metadata"]["nbgrader"] == meta

    gutted = json.loads(json.dumps(honest))
    gutted["cells"][1].update(source="pass", cell_type="markdown")
    gutted["cells"][1]["metadata"]["nbgrader"]["points"] = 100
    assert {f.kind for f in restore_cells(gutted, spec)} == {"cell_edited", "metadata_changed"}
    assert gutted["cells"][1]["cell_type"] == "code" and gutted["cells"][1]["metadata"]["nbgrader"]["points"] == 2.0

    deleted = {"cells": honest["cells"][1:]}
    assert [(f.cell, f.kind) for f in restore_cells(deleted, spec)] == [("setup", "cell_deleted")]
