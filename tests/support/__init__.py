"""Helpers the tests and benchmarks share (no tests here): the repository's paths and its assignments."""

from __future__ import annotations

from pathlib import Path

from mlexam.course.coursedir import Course

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
ASSIGNMENTS = Course(ROOT).assignments()
