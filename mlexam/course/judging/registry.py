"""Judge modules: where they live, how they are loaded, and what they declare.

Each graded notebook `source/<assignment>/<notebook>.ipynb` has a judge module beside it,
`source/<assignment>/<notebook>_judge.py` (`JUDGE_SUFFIX`; nbgrader's `CourseDirectory.ignore` keeps it out of the
release and the graded copies). It declares one function per graded test cell:

    judge = Judges()

    @judge("test_mse_hidden")
    def mse_hidden(ctx: Context) -> Probe:
        cases = ...                                      # inputs, drawn from ctx.rng
        return Probe(probe_mse, {"cases": cases}, lambda data: ...)   # -> Verdict

`probe_mse(learner, inputs)` is a self-contained module-level function: its source is sent to the kernel, where it
calls the learner's functions and returns plain data. The judge function (the third argument) runs here, outside
the kernel, and turns that data into a `Verdict`.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import inspect
import os
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from mlexam.course.judging.verdict import Verdict

JUDGE_SUFFIX = "_judge.py"
SECRET_FILE = "judge_secret.txt"  # in the source folder: the course's secret, from which hidden inputs are drawn
SECRET_ENV = "MLEXAM_JUDGE_SECRET"


@dataclass
class Probe:
    """What runs in the kernel (`function` on `inputs`) and what decides (`judge`, on the data it returned)."""

    function: Callable[..., Any]
    inputs: Any
    judge: Callable[[Any], Verdict]

    @property
    def source(self) -> str:
        return textwrap.dedent(inspect.getsource(self.function))

    @property
    def name(self) -> str:
        return self.function.__name__


@dataclass
class Context:
    """What a judge function is given: a random generator seeded by the course's secret and the cell, and the
    graded notebook's solution cells (for the "must not call" rules)."""

    rng: np.random.Generator
    solutions: dict[str, str] = field(default_factory=dict)

    def solution(self, grade_id: str) -> str:
        return self.solutions.get(grade_id, "")

    def seed(self) -> int:
        """A fresh integer seed (for a torch.Generator), drawn from `rng`."""
        return int(self.rng.integers(0, 2**62))


class Judges:
    """The judge functions of one notebook, by the grade_id of the test cell each decides."""

    def __init__(self) -> None:
        self.cells: dict[str, Callable[[Context], Probe]] = {}

    def __call__(self, grade_id: str) -> Callable[[Callable[[Context], Probe]], Callable[[Context], Probe]]:
        def register(function: Callable[[Context], Probe]) -> Callable[[Context], Probe]:
            if grade_id in self.cells:
                raise ValueError(f"two judges for {grade_id}")
            self.cells[grade_id] = function
            return function

        return register


def judge_path(source_dir: Path, assignment: str, notebook: str) -> Path:
    return source_dir / assignment / f"{notebook}{JUDGE_SUFFIX}"


_loaded: dict[tuple[str, int, int], Judges] = {}


def load_judges(path: Path) -> Judges:
    """The `judge` object of the judge module at `path` (loaded once per version of the file)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _loaded:
        name = f"mlexam_judge_{hashlib.sha256(key[0].encode()).hexdigest()[:12]}"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module: ModuleType = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # inspect.getsource finds probe functions through it
        spec.loader.exec_module(module)
        judges = getattr(module, "judge", None)
        if not isinstance(judges, Judges):
            raise TypeError(f"{path} defines no `judge = Judges()`")
        _loaded[key] = judges
    return _loaded[key]


def judge_coverage(course: Any, assignment: str) -> list[str]:
    """What is wrong with an assignment's judges: a notebook without its judge module, a graded test cell without
    a judge, a judge for no cell; [] when every test cell of every notebook is judged."""
    from mlexam.course import notebooks

    problems = []
    for name in course.notebooks(assignment):
        nb = notebooks.read(course.source / assignment / f"{name}.ipynb")
        tests = {
            c.metadata.nbgrader["grade_id"]
            for c in nb.cells
            if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")
        }
        path = judge_path(course.source, assignment, name)
        if not path.is_file():
            problems.append(f"{path.name} is missing")
            continue
        judged = set(load_judges(path).cells)
        problems += [f"{name}.ipynb: no judge for {t}" for t in sorted(tests - judged)]
        problems += [f"{path.name}: a judge for {t}, which is no test cell" for t in sorted(judged - tests)]
    return problems


def course_secret(source_dir: Path) -> bytes:
    """The course's secret: `MLEXAM_JUDGE_SECRET`, else the source folder's `judge_secret.txt`."""
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV].encode()
    path = source_dir / SECRET_FILE
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: the course's secret for hidden inputs (make one: "
            f"python -c 'import secrets; print(secrets.token_hex(32))' > {path})"
        )
    return path.read_bytes().strip()


def cell_rng(secret: bytes, assignment: str, notebook: str, grade_id: str) -> np.random.Generator:
    """The random generator of one test cell: the same for every student and run, unknown without the secret."""
    digest = hmac.new(secret, f"{assignment}/{notebook}/{grade_id}".encode(), hashlib.sha256).digest()
    return np.random.default_rng(int.from_bytes(digest[:16], "little"))
