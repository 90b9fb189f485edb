"""What a judge decides about one test cell: a fraction of its points, a message, and item-by-item reasons."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_output

MAX_PROBLEMS = 4  # problems named in a failure message; the rest are counted


@dataclass(frozen=True)
class Item:
    """One part of a choice question: its label, whether the answer was right, and why (one sentence)."""

    label: str
    ok: bool
    why: str


@dataclass(frozen=True)
class Verdict:
    """`fraction` of the cell's points (0 to 1), a message for the learner, and the items behind it."""

    fraction: float
    message: str
    items: tuple[Item, ...] = field(default_factory=tuple)

    @classmethod
    def passed(cls, message: str = "") -> Verdict:
        return cls(1.0, message)

    @classmethod
    def failed(cls, message: str) -> Verdict:
        return cls(0.0, message)

    @classmethod
    def unless(cls, problems: Iterable[str], passed: str = "") -> Verdict:
        """All or nothing: passed when there are no problems, else failed, naming the first few."""
        problems = list(problems)
        if not problems:
            return cls.passed(passed)
        more = len(problems) - MAX_PROBLEMS
        return cls.failed("; ".join(problems[:MAX_PROBLEMS]) + (f" (and {more} more)" if more > 0 else ""))

    @classmethod
    def per_item(cls, items: Iterable[Item]) -> Verdict:
        """One equal share of the points per item answered right."""
        items = tuple(items)
        right = sum(item.ok for item in items)
        message = f"{right} of {len(items)} right"
        return cls(right / len(items) if items else 0.0, message, items)

    def points(self, max_points: float) -> float:
        return round(min(max(self.fraction, 0.0), 1.0) * max_points, 4)

    def as_dict(self, max_points: float) -> dict[str, Any]:
        return {"score": self.points(max_points), "points": max_points, **asdict(self)}


def verdict_outputs(grade_id: str, verdict: Verdict, max_points: float) -> list[NotebookNode]:
    """The outputs nbgrader scores the cell by (an error: 0; a number: partial credit; neither: full points).
    They go first, and no kernel output left beside them is an error or a result, so nbgrader records exactly
    the judge's score."""
    score = verdict.points(max_points)
    text = f"{grade_id}: judged {score:g} / {max_points:g} points" + (f". {verdict.message}" if verdict.message else "")
    if score <= 0:
        return [new_output("error", ename="Judged", evalue=verdict.message or "no points", traceback=[text])]
    line = new_output("stream", name="stdout", text=text + "\n")
    if score < max_points:
        return [new_output("execute_result", data={"text/plain": f"{score:g}"}, execution_count=None), line]
    return [line]


def neutral(output: NotebookNode) -> NotebookNode | None:
    """A kernel output kept for reading only: errors and stderr become plain text, results become displays, so
    that nothing the kernel produced can decide points."""
    kind = output.get("output_type")
    if kind == "error":
        line = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".rstrip(": ")
        return new_output("stream", name="stdout", text=f"[the test raised {line}]\n")
    if kind == "stream":
        return new_output("stream", name="stdout", text=str(output.get("text", "")))
    if kind in ("execute_result", "display_data"):
        return new_output("display_data", data=dict(output.get("data", {})), metadata=dict(output.get("metadata", {})))
    return None
