"""Check "must not call the built-in" by making the built-ins raise while learner code runs."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any


class ForbiddenCall(AssertionError):
    """Raised when graded code calls a function the question rules out."""


@contextmanager
def forbid_calls(targets: Sequence[tuple[Any, str]]) -> Iterator[None]:
    """Within the block, each `(owner, name)` raises `ForbiddenCall` when called; restored after."""
    saved = [(owner, name, getattr(owner, name)) for owner, name in targets]

    def make_trap(qualified: str):
        def trap(*args: Any, **kwargs: Any) -> Any:
            raise ForbiddenCall(f"this question must not call {qualified}")

        return trap

    try:
        for owner, name, _ in saved:
            label = getattr(owner, "__name__", type(owner).__name__)
            setattr(owner, name, make_trap(f"{label}.{name}"))
        yield
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)
