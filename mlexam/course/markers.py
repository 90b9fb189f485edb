"""nbgrader's solution and hidden-test markers, read as nbgrader reads them.

`ClearSolutions` and `ClearHiddenTests` take a line as a marker when it holds their delimiter anywhere (case
matters), a region runs from a begin line to the next end line, and both marker lines go. The delimiters come from
those classes, with the course's config when it sets them. Everything here that finds, cuts or quotes solutions and
hidden tests (the leak check, feedback, reference answers, the locked-cell check) reads regions through `Markers`,
so none of them can miss a marker nbgrader accepts; `problems` names the marker lines that are not in the course's
one form, `### <delimiter>` alone on its line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions
from traitlets.config import Config

SOLUTION = "solution"
HIDDEN = "hidden tests"
KINDS = (SOLUTION, HIDDEN)
FORM = "### {}"  # the course's form of a marker line, around nbgrader's delimiter


@dataclass(frozen=True)
class Region:
    """A marked region of a cell: line numbers (0-based) of its begin marker and of its end marker, if any."""

    kind: str
    begin: int
    end: int | None  # None: the cell ends before an end marker (nbgrader refuses that when it generates)


@dataclass(frozen=True)
class Markers:
    """The begin and end delimiters of each kind of region."""

    delimiters: dict[str, tuple[str, str]]

    @classmethod
    def of(cls, config: Config | None = None) -> Markers:
        """The delimiters nbgrader uses under `config` (its own defaults without one)."""
        solutions, hidden = ClearSolutions(config=config or Config()), ClearHiddenTests(config=config or Config())
        return cls(
            {
                SOLUTION: (solutions.begin_solution_delimeter, solutions.end_solution_delimeter),
                HIDDEN: (hidden.begin_test_delimeter, hidden.end_test_delimeter),
            }
        )

    def all(self, kinds: tuple[str, ...] = KINDS) -> list[str]:
        return [d for kind in kinds for d in self.delimiters[kind]]

    def is_marker(self, line: str, kinds: tuple[str, ...] = KINDS) -> bool:
        return any(d in line for d in self.all(kinds))

    def found_in(self, text: str) -> list[str]:
        """The delimiters `text` holds anywhere."""
        return [d for d in self.all() if d in text]

    def regions(self, source: str, kinds: tuple[str, ...] = KINDS) -> list[Region]:
        """The regions of a cell's source, as nbgrader delimits them (a nested begin line stays inside)."""
        return sorted((r for kind in kinds for r in self._regions(source.split("\n"), kind)), key=lambda r: r.begin)

    def _regions(self, lines: list[str], kind: str) -> Iterator[Region]:
        begin, end = self.delimiters[kind]
        start = None
        for number, line in enumerate(lines):
            if begin in line:
                start = number if start is None else start
            elif end in line and start is not None:
                yield Region(kind, start, number)
                start = None
        if start is not None:
            yield Region(kind, start, None)

    def inside(self, source: str, kinds: tuple[str, ...] = KINDS) -> list[str]:
        """The lines within the regions, markers left out (an unclosed region runs to the end of the cell)."""
        lines = source.split("\n")
        return [
            line
            for r in self.regions(source, kinds)
            for line in lines[r.begin + 1 : len(lines) if r.end is None else r.end]
            if not self.is_marker(line, kinds)
        ]

    def strip(self, source: str, kinds: tuple[str, ...] = KINDS, placeholder: str | None = None) -> str:
        """The source without its regions and marker lines; each region becomes `placeholder`'s lines, indented
        as its begin marker, when one is given."""
        lines = source.split("\n")
        cut: set[int] = {n for n, line in enumerate(lines) if self.is_marker(line, kinds)}
        starts: dict[int, str] = {}
        for r in self.regions(source, kinds):
            cut.update(range(r.begin, len(lines) if r.end is None else r.end + 1))
            starts[r.begin] = lines[r.begin][: len(lines[r.begin]) - len(lines[r.begin].lstrip())]
        out: list[str] = []
        for number, line in enumerate(lines):
            if number in starts and placeholder is not None:
                out += [starts[number] + text for text in placeholder.rstrip("\n").split("\n")]
            elif number not in cut:
                out.append(line)
        return "\n".join(out)

    def unmarked(self, source: str, kinds: tuple[str, ...] = KINDS) -> str:
        """The source with its marker lines dropped and what they marked kept (a reference answer)."""
        lines = [line + "\n" for line in source.split("\n")]
        lines[-1] = lines[-1][:-1]
        return "".join(line for line in lines if not self.is_marker(line, kinds))

    def problems(self, source: str) -> list[str]:
        """Marker lines the course does not accept, as sentences: not in its form, a delimiter in another case
        (nbgrader ignores it: what it marks would be released), a region left open."""
        found = []
        for number, line in enumerate(source.split("\n"), 1):
            for d in self.all():
                if d in line and line.strip() != FORM.format(d):
                    found.append(
                        f"line {number} {line.strip()!r}: nbgrader takes it as a marker (it holds {d!r}), but it is "
                        f"not in the course's form {FORM.format(d)!r} alone on its line"
                    )
                elif d not in line and d.lower() in line.lower():
                    found.append(
                        f"line {number} {line.strip()!r} holds {d!r} in another case: nbgrader ignores it and releases "
                        f"what it marks; write {FORM.format(d)!r}"
                    )
        unclosed = [r for r in self.regions(source) if r.end is None]
        return found + [f"line {r.begin + 1}: a {r.kind} region with no end marker" for r in unclosed]


DEFAULT = Markers.of()  # nbgrader's own delimiters, for text read without a course's config
