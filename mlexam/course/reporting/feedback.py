"""Feedback that shows each test's result, points and the judge's reasons, but never the hidden tests' source.

nbgrader builds feedback from the autograded notebook, where the locked test cells have been put
back from the gradebook *with* their hidden tests; its feedback HTML then shows the hidden tests'
code, and failing hidden tests show it again in their tracebacks (jupyter/nbgrader#917, #1363).
`nbgrader_config.py` puts `HideHiddenTests` in `c.GenerateFeedback.preprocessors`, after
`GetGrades`, so that plain `nbgrader generate_feedback` (and the Formgrader's feedback button)
writes feedback in which each test cell:

- keeps its visible code, with each hidden-test region replaced by one comment line;
- starts with a result line: passed / partly passed / failed, its points, and the judge's message
  (`mlexam.course.judging`), with item-by-item reasons for choice questions (one line per item:
  right or wrong, and why); for a test cell no judge decided, the exception's message;
- keeps what the test prints on purpose (its messages), drops tracebacks of cells that hold
  hidden tests, and drops any output line that quotes a line of a hidden test (a warning or a
  traceback printing the code that raised it).
"""

from __future__ import annotations

import html
import re
from functools import cached_property

from nbconvert.exporters.exporter import ResourcesDict
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader import utils
from nbgrader.preprocessors import GetGrades, NbGraderPreprocessor
from traitlets import Unicode

from mlexam.course.markers import HIDDEN, Markers

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
MIN_QUOTED_LINE = 12  # shorter hidden lines (`else:`, `return out`) say nothing and are not filtered
PLACEHOLDER = "# (hidden tests: not shown in feedback)\n"


def hidden_test_lines(source: str, markers: Markers, min_length: int = MIN_QUOTED_LINE) -> set[str]:
    """The stripped lines inside the hidden-test regions of a cell's source, an unclosed one to the cell's end."""
    return {line.strip() for line in markers.inside(source, (HIDDEN,)) if len(line.strip()) >= min_length}


def _outcome(score: float | None, points: float | None) -> tuple[str, str]:
    if score is None or points is None:
        return "pending", "not graded"
    if points and score >= points:
        return "passed", "passed"
    return ("partial", "partly passed") if score > 0 else ("failed", "failed")


def _error_line(outputs: list[NotebookNode]) -> str | None:
    for output in outputs:
        if output.get("output_type") == "error":
            ename, evalue = output.get("ename", "Error"), output.get("evalue", "")
            return ANSI.sub("", f"{ename}: {evalue}" if evalue else ename)
    return None


def result_output(
    grade_id: str, score: float | None, points: float | None, message: str | None, items: list[dict] | None = None
) -> NotebookNode:
    """The lines that open a test cell's outputs: its name, passed or failed, points, the message, and one line
    per item of a choice question (right or wrong, and why)."""
    kind, label = _outcome(score, points)
    pts = f"{score or 0:g} / {points or 0:g} points"
    shown = message if message and (kind != "passed" or items) else None
    items = items or []
    marks = [("right" if i.get("ok") else "wrong", str(i.get("label", "")), str(i.get("why", ""))) for i in items]
    text = f"{grade_id}: {label}, {pts}" + (f". {shown}" if shown else "")
    text += "".join(f"\n  {mark}: {item}: {why}" for mark, item, why in marks)
    colors = {"passed": "#1a7f37", "partial": "#9a6700", "failed": "#cf222e", "pending": "#57606a"}
    rows = "".join(
        f'<li><b style="color:{colors["passed" if mark == "right" else "failed"]}">{mark}</b>: '
        f"{html.escape(item)}: {html.escape(why)}</li>"
        for mark, item, why in marks
    )
    markup = (
        f'<div class="mlexam-result mlexam-{kind}" style="border-left:4px solid {colors[kind]};'
        f'padding:2px 8px;margin:2px 0;font-family:sans-serif">'
        f'<b>{html.escape(grade_id)}</b>: <b style="color:{colors[kind]}">{label}</b>, {pts}'
        + (f"<br><code>{html.escape(shown)}</code>" if shown else "")
        + (f'<ul style="margin:2px 0">{rows}</ul>' if rows else "")
        + "</div>"
    )
    return new_output("display_data", data={"text/html": markup, "text/plain": text})


def _scrub(text: str, secrets: set[str]) -> str:
    kept = [line for line in text.splitlines(keepends=True) if not any(s in line for s in secrets)]
    return "".join(kept)


class HideHiddenTests(NbGraderPreprocessor):
    """Feedback preprocessor: hidden tests' code and tracebacks out, each test's result line in.

    Runs after `GetGrades`, which puts each grade cell's `score` and `points` in its metadata.
    """

    placeholder = Unicode(PLACEHOLDER, help="What replaces a hidden-test region in feedback.").tag(config=True)

    @cached_property
    def markers(self) -> Markers:
        return Markers.of(self.config)

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, cell_index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        if cell.cell_type != "code":
            return cell, resources
        secrets = hidden_test_lines(cell.source, self.markers)
        had_hidden = bool(self.markers.regions(cell.source, (HIDDEN,)))
        if had_hidden:  # an unclosed region (nbgrader refuses those when it generates) is cut to the cell's end
            cell.source = self.markers.strip(cell.source, (HIDDEN,), self.placeholder)
        outputs = list(cell.get("outputs", []))
        judged = cell.metadata.get("mlexam", {})
        verdict = judged.get("verdict")
        if verdict:  # the judge's own outputs are summed up by the result line
            outputs = outputs[int(judged.get("verdict_outputs", 0)) :]
        message = verdict["message"] if verdict else _error_line(outputs)
        if had_hidden:
            outputs = [o for o in outputs if o.get("output_type") != "error"]
            if message and any(s in message for s in secrets):
                message = "(the message quotes the hidden test: not shown)"
            for output in outputs:
                if "text" in output:
                    output["text"] = _scrub(output["text"], secrets)
                for mime, value in output.get("data", {}).items():
                    if isinstance(value, str) and mime.startswith("text/"):
                        output["data"][mime] = _scrub(value, secrets)
            outputs = [o for o in outputs if o.get("text", None) != ""]
        if utils.is_grade(cell) and not utils.is_solution(cell):
            meta = cell.metadata.nbgrader
            items = verdict.get("items") if verdict else None
            outputs.insert(0, result_output(meta["grade_id"], meta.get("score"), meta.get("points"), message, items))
        cell.outputs = outputs
        return cell, resources


# What `nbgrader_config.py` sets `c.GenerateFeedback.preprocessors` to: nbgrader's own two, ours between.
FEEDBACK_PREPROCESSORS = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]
