"""Shared fixtures: the course in this repository and its assignments."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlexam.course.layout import Course

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
ASSIGNMENTS = Course(ROOT).assignments()


@pytest.fixture(scope="session")
def course() -> Course:
    return Course(ROOT)


def plain_loop(model, x, y, loss_fn, optimizer, steps):
    """The plain PyTorch single-batch loop, the reference the tests compare against."""
    out = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        out.append(loss.item())
        loss.backward()
        optimizer.step()
    return out
