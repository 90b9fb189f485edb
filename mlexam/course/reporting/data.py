"""What a report is made of: the gradebook's scores per question, and how each submission was graded.

Scores come from nbgrader's gradebook through its `Gradebook` API (test cells added up per question
as `test_<question>*`, by `mlexam.course.scores`). How each submission was graded
comes from the engine's timing log, `<course>/logs/autograde/<assignment>.jsonl` (one JSON object
per graded submission: status, reason, seconds, tamper flags), when `mlexam autograde` wrote one;
after plain `nbgrader autograde` there is no log, and the time of each submission is read from the
cell execution timestamps in its autograded notebooks instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from nbgrader.api import Gradebook

from mlexam.course import notebooks
from mlexam.course.coursedir import Course
from mlexam.course.grading.progress import log_path, read_records
from mlexam.course.grading.tasks import Status, TamperFinding
from mlexam.course.scores import question_names, submission_scores


@dataclass(frozen=True)
class Question:
    """A question of an assignment: an autograded code question or a written answer."""

    name: str
    notebook: str
    max_points: float
    manual: bool


@dataclass(frozen=True)
class Totals:
    """One submission's points so far: written answers nobody has graded yet are pending, not 0."""

    auto: float  # autograded points
    auto_max: float
    written: float  # points of the written answers graded so far (nbgrader gives 0 to one left blank)
    written_max: float
    pending: float  # points of the written answers that await a person
    pending_count: int

    @property
    def points(self) -> float:
        return self.auto + self.written

    @property
    def max_points(self) -> float:
        """The points of every question graded so far."""
        return self.auto_max + self.written_max

    @property
    def percent(self) -> float | None:
        """Points as a share of the points graded so far (pending answers left out)."""
        return 100.0 * self.points / self.max_points if self.max_points else None

    @property
    def auto_percent(self) -> float | None:
        return 100.0 * self.auto / self.auto_max if self.auto_max else None


@dataclass
class Submission:
    """One student's points per question; None for a written answer nobody has graded yet."""

    student: str
    points: dict[str, float | None]
    timestamp: datetime | None = None

    @property
    def graded(self) -> bool:
        return bool(self.points)

    def pending(self, question: str) -> bool:
        return self.graded and question in self.points and self.points[question] is None

    def totals(self, questions: list[Question]) -> Totals:
        """Autograded points, graded written points and pending written points, over `questions`."""
        auto = auto_max = written = written_max = pending = 0.0
        count = 0
        for q in questions:
            value = self.points.get(q.name, 0.0)
            if value is None:
                pending += q.max_points
                count += 1
            elif q.manual:
                written += value
                written_max += q.max_points
            else:
                auto += value
                auto_max += q.max_points
        return Totals(auto, auto_max, written, written_max, pending, count)


@dataclass
class Run:
    """How one submission was graded: from the engine's log, or from its autograded notebooks."""

    student: str
    status: Status  # a rejected submission was not graded: the gradebook keeps any earlier grades
    reason: str | None = None
    seconds: float | None = None
    execute_seconds: float | None = None
    worker: str | None = None
    sandbox: str | None = None
    score: float | None = None
    max_score: float | None = None
    tamper: list[TamperFinding] = field(default_factory=list)


@dataclass
class AssignmentData:
    """Everything the report shows about one assignment."""

    assignment: str
    questions: list[Question]
    submissions: dict[str, Submission]
    runs: list[Run]
    run_source: str  # where `runs` come from, in words
    log_path: Path | None  # the engine's log, when there is one
    tamper_recorded: bool  # whether the log has tamper checks at all
    log_problems: list[str] = field(default_factory=list)

    def graded_questions(self) -> list[Question]:
        """Questions with points for every graded submission: all autograded ones, written ones once graded."""
        subs = [s for s in self.submissions.values() if s.graded]
        return [q for q in self.questions if all(s.points.get(q.name, 0.0) is not None for s in subs)]

    def pending_questions(self) -> list[Question]:
        """Written answers that some submission still awaits a grade for."""
        done = {q.name for q in self.graded_questions()}
        return [q for q in self.questions if q.name not in done]

    def pending_count(self, question: str) -> int:
        """How many submissions await a person's grade for `question`."""
        return sum(s.pending(question) for s in self.submissions.values())

    def score_table(self) -> dict[str, dict[str, float]]:
        """student -> question -> points, over the graded questions and the submissions that were graded
        (one the engine failed to grade holds zeros that say nothing about the questions: left out; one it
        rejected left the gradebook as it was, so an earlier graded submission counts)."""
        names = [q.name for q in self.graded_questions()]
        failed = self.failed_students()
        return {
            s.student: {q: float(s.points.get(q) or 0.0) for q in names}
            for s in self.submissions.values()
            if s.graded and s.student not in failed
        }

    def failed_students(self) -> set[str]:
        """Students whose gradebook entry holds a failed run's zeros (not a rejected one's: it wrote nothing)."""
        return {r.student for r in self.failed() if r.status != "rejected"}

    def max_points(self) -> dict[str, float]:
        return {q.name: q.max_points for q in self.graded_questions()}

    def failed(self) -> list[Run]:
        return [r for r in self.runs if r.status != "graded"]

    def slowest(self, k: int = 10) -> list[Run]:
        timed = [r for r in self.runs if r.seconds is not None and r.status != "rejected"]
        return sorted(timed, key=lambda r: (-(r.seconds or 0.0), r.student))[:k]

    def tampered(self) -> list[Run]:
        return [r for r in self.runs if r.tamper]


def gradebook_assignments(url: str) -> list[str]:
    """The assignments the gradebook knows, with at least one submission."""
    with Gradebook(url) as gb:
        return [a.name for a in gb.assignments if a.submissions]


def _cell_order(course: Course, assignment: str, notebook: str) -> dict[str, int]:
    for folder in (course.source, course.release):
        path = folder / assignment / f"{notebook}.ipynb"
        if path.is_file():
            nb = notebooks.read(path)
            ids = [notebooks.grade_id(c) for c in nb.cells]
            return {g: i for i, g in enumerate(ids) if g}
    return {}


def _questions(gb: Gradebook, course: Course, assignment: str, names: dict[tuple[str, str], str]) -> list[Question]:
    """The assignment's questions (`names`: see `scores.question_names`), in notebook order."""
    found: dict[str, Question] = {}
    position: dict[str, tuple[int, int]] = {}
    for k, nb in enumerate(sorted(gb.find_assignment(assignment).notebooks, key=lambda n: n.name)):
        order = _cell_order(course, assignment, nb.name)
        for cell in nb.grade_cells:
            name = names[nb.name, cell.name]
            prev = found.get(name)
            found[name] = Question(
                name,
                nb.name,
                (prev.max_points if prev else 0.0) + cell.max_score,
                prev.manual if prev else cell.cell_type == "markdown",
            )
            here = (k, order.get(name.removeprefix(f"{nb.name}:"), order.get(cell.name, 10_000)))
            position[name] = min(position.get(name, here), here)
    return sorted(found.values(), key=lambda q: (position[q.name], q.name))


def read_gradebook(course: Course, assignment: str) -> tuple[list[Question], dict[str, Submission]]:
    """Questions and per-student points of one assignment, through nbgrader's Gradebook API; a written answer
    nobody has graded yet has None."""
    with Gradebook(course.db_url) as gb:
        names = question_names(gb, assignment)
        questions = _questions(gb, course, assignment, names)
        submissions: dict[str, Submission] = {}
        for sub in gb.assignment_submissions(assignment):
            points = {q: None if s.pending else s.score for q, s in submission_scores(sub, names).items()}
            graded = any(
                g.auto_score is not None or g.manual_score is not None for nb in sub.notebooks for g in nb.grades
            )
            submissions[sub.student_id] = Submission(sub.student_id, points if graded else {}, sub.timestamp)
    return questions, submissions


def read_log(path: Path, assignment: str | None = None) -> tuple[list[Run], bool, list[str]]:
    """The engine's timing log, read as the engine reads it (`progress.read_records`): the last record per student
    (of `assignment`, if given), whether tamper checks ran (a `tamper` list in any of them), and the lines that are
    not a record."""
    records, bad = read_records(path)
    records = [r for r in records if assignment is None or r.assignment == assignment]
    latest = {r.student: r for r in records}
    runs = [
        Run(
            r.student,
            r.status,
            r.reason,
            r.seconds,
            r.execute_seconds,
            r.worker,
            r.sandbox,
            r.score,
            r.max_score,
            r.tamper or [],  # None: a record from before tamper checks
        )
        for r in latest.values()
    ]
    tamper_recorded = any(r.tamper is not None for r in records)
    return sorted(runs, key=lambda r: r.student), tamper_recorded, [f"line {n} is not a log entry" for n in bad]


def runs_from_notebooks(course: Course, assignment: str) -> list[Run]:
    """Without the engine's log: each submission's time from its autograded notebooks' cell timestamps,
    and submissions with no autograded notebook as failed."""
    runs = []
    for student in course.students(assignment):
        folder = course.autograded(student, assignment)
        graded = sorted(folder.glob("*.ipynb")) if folder.is_dir() else []
        if not graded:
            runs.append(Run(student, "failed", "no autograded notebook: nbgrader could not grade it (see its log)"))
            continue
        seconds = sum(notebooks.execution_seconds(notebooks.read(p)) for p in graded)
        runs.append(Run(student, "graded", seconds=seconds, execute_seconds=seconds))
    return runs


def load(course: Course, assignment: str) -> AssignmentData:
    """All the report needs about one assignment of the course."""
    questions, submissions = read_gradebook(course, assignment)
    log = log_path(course.root, assignment)
    shown = log.relative_to(course.root)
    if log.is_file():
        runs, tamper_recorded, problems = read_log(log, assignment)
        source = f"the engine's log {shown}"
        return AssignmentData(assignment, questions, submissions, runs, source, log, tamper_recorded, problems)
    runs = runs_from_notebooks(course, assignment)
    source = (
        f"no engine log ({shown}): graded with plain nbgrader; times from the autograded "
        "notebooks' cell execution timestamps; no tamper checks recorded"
    )
    return AssignmentData(assignment, questions, submissions, runs, source, None, False)
