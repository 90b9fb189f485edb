"""Submissions made from an assignment's own material: reference answers, blanks and corpus entries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path

from nbformat import NotebookNode

from mlexam.course import notebooks
from mlexam.course.markers import SOLUTION, Markers
from mlexam.course.scratch import ScratchCourse

EXTENDS_REFERENCE = "# mlexam: extends the reference answer"


@dataclass(frozen=True)
class CorpusEntry:
    """One answer from the validity corpus: `tests/corpus/<assignment>/<question>/{right,wrong}_*.py`.

    An entry whose second line is `EXTENDS_REFERENCE` is run after the reference answer in the same
    cell, so it only needs to redefine what it changes (one function of several).
    """

    question: str
    name: str
    correct: bool
    code: str

    @property
    def extends_reference(self) -> bool:
        return self.code.splitlines()[1:2] == [EXTENDS_REFERENCE]


def load_corpus(corpus_dir: Path, assignment: str) -> list[CorpusEntry]:
    """The corpus entries of one assignment, in a stable order."""
    entries = []
    for path in sorted((corpus_dir / assignment).glob("*/*.py")):
        kind = path.stem.split("_", 1)[0]
        if kind not in ("right", "wrong"):
            continue
        entries.append(CorpusEntry(path.parent.name, path.stem, kind == "right", path.read_text("utf-8")))
    return entries


def pack(entries: Iterable[CorpusEntry]) -> list[dict[str, CorpusEntry]]:
    """Group entries into as few submissions as possible, at most one entry per question in each."""
    by_question: dict[str, list[CorpusEntry]] = {}
    for entry in entries:
        by_question.setdefault(entry.question, []).append(entry)
    rounds = max((len(v) for v in by_question.values()), default=0)
    return [{q: v[i] for q, v in by_question.items() if i < len(v)} for i in range(rounds)]


def written_answers(source_nb: NotebookNode, markers: Markers) -> dict[str, str]:
    """Each written answer's reference text (its rubric): the source's answer cell without the solution markers."""
    ids = set(notebooks.written_ids(source_nb))
    return {
        notebooks.grade_id(c): markers.unmarked(c.source, (SOLUTION,)).strip() + "\n"
        for c in source_nb.cells
        if notebooks.grade_id(c) in ids and c.cell_type == "markdown"
    }


@dataclass
class Material:
    """An assignment's release notebooks and reference answers, ready to make submissions from."""

    release: dict[str, NotebookNode]
    reference: dict[str, dict[str, str]]
    written: dict[str, dict[str, str]] = field(default_factory=dict)  # notebook -> written answer -> text
    home: dict[str, str] = field(init=False)  # question -> notebook name

    def __post_init__(self) -> None:
        self.home = {q: name for name, answers in self.reference.items() for q in answers}

    @classmethod
    def of(cls, scratch: ScratchCourse, assignment: str) -> Material:
        names, markers = scratch.course.notebooks(assignment), scratch.course.markers
        return cls(
            release={n: scratch.release_notebook(assignment, n) for n in names},
            reference={n: notebooks.reference_answers(scratch.source_notebook(assignment, n), markers) for n in names},
            written={n: written_answers(scratch.source_notebook(assignment, n), markers) for n in names},
        )

    @property
    def questions(self) -> list[str]:
        return list(self.home)

    def answer(self, entry: CorpusEntry) -> str:
        """The solution cell a corpus entry stands for."""
        if entry.extends_reference:
            return self.reference[self.home[entry.question]][entry.question].rstrip() + "\n\n\n" + entry.code
        return entry.code

    def submission(
        self, answers: Mapping[str, str] | None = None, blank: Iterable[str] = (), written: bool = False
    ) -> dict[str, NotebookNode]:
        """Reference answers everywhere, except `answers` (question -> code) and `blank` questions; with
        `written`, the written answers too (nbgrader then leaves them to a person; left as released, they
        get 0 at once)."""
        answers = dict(answers or {})
        unknown = set(answers) - set(self.home)
        if unknown:
            raise KeyError(f"no questions {sorted(unknown)} in this assignment")
        skip = set(blank)
        result = {}
        for name, release in self.release.items():
            filled = {q: a for q, a in self.reference[name].items() if q not in skip}
            filled.update({q: a for q, a in answers.items() if self.home[q] == name})
            nb = notebooks.with_answers(release, filled)
            if written:
                nb = with_written(nb, self.written.get(name, {}))
            result[name] = nb
        return result

    def blank(self) -> dict[str, NotebookNode]:
        return dict(self.release)


def with_written(nb: NotebookNode, texts: Mapping[str, str]) -> NotebookNode:
    """A copy of a notebook with its written answers (grade id -> text) filled in."""
    nb = deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and notebooks.grade_id(cell) in texts:
            cell.source = texts[notebooks.grade_id(cell)]
    return nb
