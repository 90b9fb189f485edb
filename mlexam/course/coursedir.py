"""A course folder as nbgrader sees it: its config, course id, gradebook, each step's paths, students, assignments.

Everything is read through nbgrader's `CourseDirectory`, configured by the course's `nbgrader_config.py` loaded as
nbgrader's apps load it (`PyFileConfigLoader` on the course root), so a course that moves a folder, sets its own
`db_url` or `directory_structure` is seen here as nbgrader sees it.
"""

from __future__ import annotations

from pathlib import Path

from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from mlexam.course.markers import Markers

CONFIG_FILE = "nbgrader_config.py"


class CourseError(Exception):
    """A course folder that mlexam cannot work with, with a message that says why."""


class Course:
    """A course folder laid out as nbgrader expects, with `nbgrader_config.py` at its root."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        if not (self.root / CONFIG_FILE).is_file():
            raise CourseError(f"no {CONFIG_FILE} in {self.root}")
        self.config_text = (self.root / CONFIG_FILE).read_text(encoding="utf-8")
        self.config: Config = PyFileConfigLoader(CONFIG_FILE, path=str(self.root)).load_config()
        self.coursedir = CourseDirectory(config=self.config, root=str(self.root))
        self.markers = Markers.of(self.config)

    @classmethod
    def find(cls, start: Path | None = None) -> Course:
        """The course whose root holds `nbgrader_config.py`: `start` or one of its parents."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG_FILE).is_file():
                return cls(folder)
        raise CourseError(f"no {CONFIG_FILE} in {here} or its parents: run mlexam in the course folder")

    @property
    def course_id(self) -> str:
        return self.coursedir.course_id

    @property
    def db_url(self) -> str:
        """`c.CourseDirectory.db_url`, or nbgrader's default: `gradebook.db` in the course root."""
        return self.coursedir.db_url

    def gradebook_file(self) -> Path | None:
        """The gradebook's SQLite file, or None for a gradebook on a database server."""
        return Path(self.db_url.removeprefix("sqlite:///")) if self.db_url.startswith("sqlite:///") else None

    @property
    def source(self) -> Path:
        return self.root / self.coursedir.source_directory

    @property
    def release(self) -> Path:
        return self.root / self.coursedir.release_directory

    def planned_assignments(self) -> list[str]:
        """The assignments listed in `c.MlExam.assignments`, in teaching order."""
        return list(self.config.MlExam.get("assignments", []))

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
        return sorted(p.stem for p in self.path(self.coursedir.source_directory, ".", assignment).glob("*.ipynb"))

    def path(self, step: str, student: str, assignment: str) -> Path:
        """A student's folder of an assignment at an nbgrader step (`submitted`, `autograded`, ...)."""
        return Path(self.coursedir.format_path(step, student, assignment))

    def submitted(self, student: str, assignment: str) -> Path:
        return self.path(self.coursedir.submitted_directory, student, assignment)

    def autograded(self, student: str, assignment: str) -> Path:
        return self.path(self.coursedir.autograded_directory, student, assignment)

    def trusted(self, step: str, assignment: str) -> Path:
        """The instructor's part of a step's paths: everything before the student's folder (from there on, the
        grading engine follows no link)."""
        probe = self.path(step, "\0", assignment)
        return Path(*probe.parts[: probe.parts.index("\0")])

    def students(self, assignment: str) -> list[str]:
        """Students with a submission folder, notebook or not (nbgrader skips one without a notebook, with a
        warning in its log), less `c.CourseDirectory.student_id_exclude`."""
        pattern = self.submitted("*", assignment)
        part = self.submitted("\0", assignment).relative_to(self.root).parts.index("\0")
        found = [
            folder.relative_to(self.root).parts[part]
            for folder in sorted(Path("/").glob(str(pattern).lstrip("/")))
            if folder.is_dir()
        ]
        excluded = set(filter(None, self.coursedir.student_id_exclude.split(",")))
        return [s for s in dict.fromkeys(found) if s not in excluded]

    @property
    def permissions(self) -> int:
        """The mode nbgrader gives autograded files: `Autograde.permissions`, else 444 (664 if group-shared)."""
        for section in ("Autograde", "BaseConverter"):
            if "permissions" in self.config.get(section, {}):
                return int(str(self.config[section]["permissions"]), 8)
        return 0o664 if self.coursedir.groupshared else 0o444

    def hidden(self) -> list[str]:
        """What a student's kernel must never see: every course folder and file nbgrader uses."""
        cd = self.coursedir
        folders = (cd.source_directory, cd.release_directory, cd.submitted_directory, cd.autograded_directory)
        paths = [self.root / d for d in (*folders, cd.feedback_directory, "logs", CONFIG_FILE)]
        paths += [p for p in [self.gradebook_file()] if p is not None]
        return [str(p.resolve()) for p in paths]
