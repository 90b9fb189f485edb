"""Shared fixtures: the course in this repository."""

from __future__ import annotations

import pytest
from support import ROOT

from mlexam.course.layout import Course


@pytest.fixture(scope="session")
def course() -> Course:
    return Course(ROOT)
