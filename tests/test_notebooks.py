"""Reading, filling, linting and leak-checking nbgrader notebooks."""

from __future__ import annotations

import copy

import pytest
from support import ASSIGNMENTS, ROOT

from mlexam.course import notebooks
from mlexam.course.authoring.leaks import find_leaks, secret_lines
from mlexam.course.authoring.lint import lint
from mlexam.course.demo.sample_class import CorpusEntry, pack
from mlexam.course.markers import DEFAULT

pytestmark = pytest.mark.unit

NOTEBOOKS = [(a, p.stem) for a in ASSIGNMENTS for p in sorted((ROOT / "source" / a).glob("*.ipynb"))]


def source(assignment, name="single_batch"):
    return tuple(notebooks.read(ROOT / part / assignment / f"{name}.ipynb") for part in ("source", "release"))


@pytest.mark.parametrize(("assignment", "name"), NOTEBOOKS)
def test_source_notebooks_lint_clean(assignment, name):
    src, _ = source(assignment, name)
    assert lint(src) == []


@pytest.mark.parametrize(("assignment", "name"), NOTEBOOKS)
def test_release_holds_no_solution_or_hidden_test(assignment, name):
    src, _ = source(assignment, name)
    secrets = secret_lines(src, DEFAULT)
    assert secrets, "the source should have solution lines to look for"
    assert find_leaks(secrets, sorted((ROOT / "release" / assignment).rglob("*.ipynb")), DEFAULT) == []


def test_leak_check_finds_a_solution_line(tmp_path):
    src, release = source("ml_debugging")
    leaky = copy.deepcopy(release)
    answer = notebooks.reference_answers(src)["diagnose"]
    leaky = notebooks.with_answers(leaky, {"diagnose": answer})
    path = tmp_path / "leaky.ipynb"
    notebooks.write(leaky, path)
    found = find_leaks(secret_lines(src, DEFAULT), [path], DEFAULT)
    assert found and "line(s) of solutions" in found[0]


def test_lint_reports_broken_metadata():
    src, _ = source("ml_debugging")
    broken = copy.deepcopy(src)
    cells = {notebooks.grade_id(c): c for c in broken.cells}
    cells["test_train_loop"].metadata.nbgrader["points"] = 0
    cells["test_diagnose"].metadata.nbgrader["locked"] = False
    cells["causes"].metadata.nbgrader["grade_id"] = "diagnose"
    problems = " | ".join(lint(broken))
    assert "test_train_loop: a graded cell must be worth at least 1 point" in problems
    assert "test_diagnose: test cells must be locked" in problems
    assert "grade_id 'diagnose' is used 2 times" in problems


def test_reference_answers_drop_markers_and_fill_by_grade_id():
    src, release = source("ml_debugging")
    answers = notebooks.reference_answers(src)
    assert set(answers) == set(notebooks.question_ids(src))
    assert all("BEGIN SOLUTION" not in a for a in answers.values())
    filled = notebooks.with_answers(release, {"causes": "CAUSES = {}"})
    assert [c.source for c in filled.cells if notebooks.grade_id(c) == "causes"] == ["CAUSES = {}"]
    assert release != filled, "the release notebook itself is left alone"
    with pytest.raises(KeyError):
        notebooks.with_answers(release, {"no_such_question": ""})


def test_question_of_picks_the_longest_owner():
    qs = ["lstm_cell", "lstm_cell_forward", "gan"]
    assert notebooks.question_of("test_lstm_cell_hidden", qs) == "lstm_cell"
    assert notebooks.question_of("test_lstm_cell_forward", qs) == "lstm_cell_forward"
    assert notebooks.question_of("test_ganx", qs) is None


def test_pack_puts_one_entry_per_question_in_each_submission():
    entries = [CorpusEntry(q, f"{q}{i}", i % 2 == 0, "") for q, n in (("a", 3), ("b", 1)) for i in range(n)]
    packs = pack(entries)
    assert len(packs) == 3
    assert [sorted(p) for p in packs] == [["a", "b"], ["a"], ["a"]]
    assert sorted(e.name for p in packs for e in p.values()) == sorted(e.name for e in entries)


def test_an_entry_that_extends_the_reference_runs_after_it():
    from mlexam.course.demo.sample_class import EXTENDS_REFERENCE, Material

    src, release = source("ml_debugging")
    material = Material({"nb": release}, {"nb": notebooks.reference_answers(src)})
    patch = CorpusEntry("failure_modes", "wrong_x", False, f"# a mistake\n{EXTENDS_REFERENCE}\ndef curve_healthy():\n")
    whole = CorpusEntry("failure_modes", "right_y", True, "# whole cell\ndef curve_healthy():\n")
    answer = material.answer(patch)
    assert answer.startswith(material.reference["nb"]["failure_modes"].rstrip())
    assert answer.endswith(patch.code)
    assert material.answer(whole) == whole.code
