"""Where things are in a course folder, and which assignments it has."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from mlexam.course.markers import Markers

CONFIG_FILE = "nbgrader_config.py"


class CourseError(Exception):
    """A course folder that mlexam cannot work with, with a message that says why."""


@dataclass(frozen=True)
class Course:
    """A course folder laid out as nbgrader expects (`source/`, `release/`, `nbgrader_config.py`)."""

    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Course:
        """The course whose root holds `nbgrader_config.py`: `start` or one of its parents."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG_FILE).is_file():
                return cls(folder)
        raise CourseError(f"no {CONFIG_FILE} in {here} or its parents: run mlexam in the course folder")

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def release(self) -> Path:
        return self.root / "release"

    def config(self) -> Config:
        return PyFileConfigLoader(CONFIG_FILE, path=str(self.root)).load_config()

    def markers(self) -> Markers:
        """nbgrader's solution and hidden-test delimiters under this course's config."""
        return Markers.of(self.config())

    def planned_assignments(self) -> list[str]:
        """The assignments listed in `c.MlExam.assignments`, in teaching order."""
        return list(self.config().MlExam.get("assignments", []))

    def assignments(self) -> list[str]:
        """The planned assignments that have a source folder, in teaching order."""
        return [a for a in self.planned_assignments() if (self.source / a).is_dir()]

    def select(self, assignment: str | None) -> list[str]:
        """One assignment by name (checked), or all existing ones."""
        existing = self.assignments()
        if assignment is None:
            return existing
        if assignment not in existing:
            raise CourseError(f"no assignment {assignment!r}; this course has: {', '.join(existing)}")
        return [assignment]

    def notebooks(self, assignment: str) -> list[str]:
        """Names (without .ipynb) of an assignment's source notebooks."""
        return sorted(p.stem for p in (self.source / assignment).glob("*.ipynb"))
