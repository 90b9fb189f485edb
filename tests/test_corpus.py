"""The validity corpus, graded through real `nbgrader autograde`: wrong answers lose, right ones win."""

from __future__ import annotations

import pytest
from support import ASSIGNMENTS, CORPUS

from mlexam.course.demo.sample_class import Material, load_corpus, pack
from mlexam.course.scratch import ScratchCourse

MIN_WRONG, MIN_RIGHT = 3, 2


@pytest.mark.integration
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_corpus_covers_every_question(course, assignment, tmp_path):
    scratch = ScratchCourse(course, tmp_path, [assignment])
    scratch.generate()
    questions = Material.of(scratch, assignment).questions
    entries = load_corpus(CORPUS, assignment)
    for question in questions:
        mine = [e for e in entries if e.question == question]
        assert sum(not e.correct for e in mine) >= MIN_WRONG, f"{question}: fewer than {MIN_WRONG} wrong answers"
        assert sum(e.correct for e in mine) >= MIN_RIGHT, f"{question}: fewer than {MIN_RIGHT} right answers"
    strays = {e.question for e in entries} - set(questions)
    assert not strays, f"corpus folders for unknown questions: {sorted(strays)}"


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_corpus_is_graded_as_the_contract_says(course, assignment, tmp_path):
    scratch = ScratchCourse(course, tmp_path, [assignment])
    scratch.generate()
    material = Material.of(scratch, assignment)
    packs = pack(load_corpus(CORPUS, assignment))
    for i, entries in enumerate(packs):
        scratch.submit(
            f"corpus{i:02d}", assignment, material.submission({q: material.answer(e) for q, e in entries.items()})
        )
    failed = scratch.autograde(assignment)
    assert not failed, f"nbgrader could not grade {sorted(failed)}"
    scores = scratch.scores(assignment)

    problems = []
    for i, entries in enumerate(packs):
        student = f"corpus{i:02d}"
        for question in material.questions:
            got = scores[student][question]
            entry = entries.get(question)
            label = f"{question}/{entry.name}" if entry else f"{question} (reference, beside {sorted(entries)})"
            if entry is None or entry.correct:
                if got.score != got.max_score:
                    problems.append(f"{label}: {got.score:g}/{got.max_score:g}, expected full points")
            elif got.score >= got.max_score:
                problems.append(f"{label}: {got.score:g}/{got.max_score:g}, expected to lose points")
    assert not problems, "\n".join(problems)
