"""Attacks on the grading earn nothing under `mlexam autograde`, are named in the tamper report, and honest
submissions in the same run are graded as usual with no flags (see `tests/attacks.py`)."""

from __future__ import annotations

import json
import shutil

import pytest
from attacks import submit_attacks
from engine_course import mlexam

from mlexam.course.engine.integrity import restore_cells
from mlexam.course.sample_class import Material
from mlexam.course.scratch import ScratchCourse, read_scores
from mlexam.testkit.guard import read_line, signed_line

needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")


def total(scores: dict, student: str) -> float:
    return sum(q.score for q in scores[student].values())


@pytest.mark.slow
@needs_bwrap
@pytest.mark.parametrize("assignment", ["ml_teams", "problem_setup"])
def test_attacks_earn_nothing_and_are_reported(course, tmp_path, assignment):
    scratch = ScratchCourse(course, tmp_path / "course", [assignment])
    scratch.generate()
    students = submit_attacks(scratch, assignment)
    scratch.submit("honest", assignment, Material.of(scratch, assignment).submission())

    run = mlexam(scratch.root, "autograde", assignment, "--workers", "2", "--sandbox", "bwrap")
    assert run.returncode == 0, run.stdout + run.stderr
    log = scratch.root / "logs" / "autograde" / f"{assignment}.jsonl"
    records = {r["student"]: r for r in map(json.loads, log.read_text().splitlines())}
    scores = read_scores(scratch.db_url, assignment)

    assert records["honest"]["tamper"] == [] and total(scores, "honest") == records["honest"]["max_score"]
    for student, (attack, role) in students.items():
        record = records[student]
        assert record["status"] == "graded", (attack.name, record["reason"])
        if role == "base":
            assert record["tamper"] == [], (attack.name, record["tamper"])  # no false alarms on honest code
            continue
        base = student.replace("attack", "base")
        assert total(scores, student) <= total(scores, base), f"{attack.name}: the attack earned points"
        if attack.flagged:
            assert record["tamper"], f"{attack.name}: not in the tamper report"
            assert all(f["cell"] and f["kind"] and f["detail"] for f in record["tamper"])


def test_signed_reports_refuse_forgery():
    line = signed_line(b"key", {"cell": "test_a", "phase": "after", "findings": []})
    assert read_line(b"key", line) == {"cell": "test_a", "phase": "after", "findings": []}
    assert read_line(b"other key", line) is None
    assert read_line(b"key", line.replace('"test_a"', '"test_b"')) is None
    assert read_line(b"key", "MLEXAM-GUARD 00 {}") is None


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
    assert [f["kind"] for f in restore_cells(relabelled, spec)] == ["cell_relabelled"]
    assert relabelled["cells"][1]["metadata"]["nbgrader"] == meta

    gutted = json.loads(json.dumps(honest))
    gutted["cells"][1].update(source="pass", cell_type="markdown")
    gutted["cells"][1]["metadata"]["nbgrader"]["points"] = 100
    assert {f["kind"] for f in restore_cells(gutted, spec)} == {"cell_edited", "metadata_changed"}
    assert gutted["cells"][1]["cell_type"] == "code" and gutted["cells"][1]["metadata"]["nbgrader"]["points"] == 2.0

    deleted = {"cells": honest["cells"][1:]}
    assert [(f["cell"], f["kind"]) for f in restore_cells(deleted, spec)] == [("setup", "cell_deleted")]


def test_setup_guard_restores_between_cells_in_a_plain_ipython_shell(capsys):
    """The protection plain `nbgrader autograde` and a learner's session get: IPython callbacks, no key."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        shell.run_cell("import math\nfrom mlexam.learner import setup_notebook\nsetup_notebook(seed=0)")
        capsys.readouterr()
        shell.run_cell("def sum(*args):\n    return 10\nmath.isclose = lambda *a, **k: True")
        assert "math.isclose was replaced" in capsys.readouterr().out  # put back after the cell, and said
        marker = "### BEGIN " + "HIDDEN TESTS"
        shell.run_cell(f"{marker}\nresult = (sum([1, 2]), math.isclose(1, 2))")
        assert shell.user_ns["result"] == (3, False)  # the real builtin and the real math.isclose
        shell.run_cell("mine = sum([1, 2])")
        assert shell.user_ns["mine"] == 10  # outside hidden tests the notebook's own sum stays
    finally:
        InteractiveShell.clear_instance()
