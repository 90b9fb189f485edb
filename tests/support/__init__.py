"""Helpers the tests and benchmarks share (no tests here): the repository's paths, its assignments, and the
`mlexam` command as the tests run it (this interpreter, the CLI module `module_names` lists)."""

from __future__ import annotations

import sys
from pathlib import Path

from mlexam.course.coursedir import Course
from mlexam.course.module_names import CLI

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
ASSIGNMENTS = Course(ROOT).assignments()
MLEXAM = [sys.executable, "-m", CLI]
