"""The two nbgrader preprocessors that put judges around nbgrader's `Execute`, on every grading path.

`nbgrader_config.py` places them in `c.Autograde.autograde_preprocessors` (`with_judges`), so plain
`nbgrader autograde` and `mlexam autograde` grade alike:

- `InsertProbes` (before `Execute`) loads the notebook's judge module, asks each graded test cell's judge for its
  probe (inputs drawn from the course's secret), and adds a probe cell after the test cell.
- `JudgeProbes` (after `Execute`) reads each probe cell's result, has the judge decide, and makes the test cell's
  outputs say exactly that score to nbgrader: the kernel's own outputs stay as text to read, none of them can
  grant or cost a point. The probe cells are removed. Findings (a missing, duplicated, oversized or malformed
  result, a judge that could not read it) go to the tamper log when `MLEXAM_TAMPER_LOG` names one.
"""

from __future__ import annotations

import json
import os
import traceback
from dataclasses import replace
from pathlib import Path
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_code_cell
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor

from mlexam.course.grading.tasks import TamperFinding
from mlexam.course.judging.registry import Context, Probe, cell_rng, course_secret, judge_path, load_judges
from mlexam.course.judging.untrusted import probe_result
from mlexam.course.judging.verdict import Verdict, neutral, verdict_outputs
from mlexam.course.module_names import PROBE
from mlexam.testkit.probe import MIME, encode_array, plain

TAMPER_ENV = "MLEXAM_TAMPER_LOG"
META = "mlexam"  # cell metadata: {"probe": grade_id} on added cells, {"verdict": ...} on judged test cells
PROBES = "mlexam_probes"  # resources key: grade_id -> Probe, from InsertProbes to JudgeProbes
RUNTIME = f'__import__("{PROBE}", fromlist=["run"]).run'


def is_test(cell: NotebookNode) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution") and "grade_id" in meta


def solutions(nb: NotebookNode) -> dict[str, str]:
    """The notebook's solution cells' sources, by grade_id."""
    found = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code" and meta.get("grade_id"):
            found[meta["grade_id"]] = cell.source
    return found


class InsertProbes(NbGraderPreprocessor):
    """Add a probe cell after each graded test cell (see the module's docstring)."""

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        info = resources.get("nbgrader", {})
        assignment, notebook = info.get("assignment", ""), info.get("notebook", "")
        coursedir = CourseDirectory(parent=self)
        source_dir = Path(coursedir.root) / coursedir.source_directory
        judges = load_judges(judge_path(source_dir, assignment, notebook))
        secret = course_secret(source_dir)
        answers = solutions(nb)
        probes: dict[str, Probe] = {}
        cells = []
        for cell in nb.cells:
            cells.append(cell)
            if not is_test(cell):
                continue
            grade_id = cell.metadata.nbgrader["grade_id"]
            make = judges.cells.get(grade_id)
            if make is None:
                self.log.error("no judge for test cell %s of %s/%s: it gets no points", grade_id, assignment, notebook)
                continue
            probe = make(Context(cell_rng(secret, assignment, notebook, grade_id), answers))
            probes[grade_id] = probe
            payload = json.dumps(probe.inputs, default=_encode)
            call = NotebookNode(new_code_cell(f"{RUNTIME}({probe.source!r}, {probe.name!r}, {payload!r})"))
            call.metadata[META] = {"probe": grade_id}
            cells.append(call)
        nb.cells = cells
        resources[PROBES] = probes
        return nb, resources


def _encode(value: Any) -> Any:
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return encode_array(value)
    return plain(value)


class JudgeProbes(NbGraderPreprocessor):
    """Judge each probe's result and give its test cell exactly the judged score (see the module's docstring)."""

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        probes: dict[str, Probe] = resources.pop(PROBES, {})
        notebook = resources.get("nbgrader", {}).get("notebook", "")
        results = {c.metadata[META]["probe"]: c for c in nb.cells if "probe" in c.metadata.get(META, {})}
        findings: list[TamperFinding] = []
        for cell in nb.cells:
            if not is_test(cell):
                continue
            grade_id = cell.metadata.nbgrader["grade_id"]
            probe, ran = probes.get(grade_id), results.get(grade_id)
            verdict, finding = self._decide(grade_id, probe, ran)
            if finding:
                findings.append(replace(finding, notebook=notebook))
            points = float(cell.metadata.nbgrader.get("points", 0))
            kept = [o for o in map(neutral, cell.get("outputs", [])) if o is not None]
            decided = verdict_outputs(grade_id, verdict, points)
            cell.outputs = decided + kept
            cell.metadata[META] = {"verdict": verdict.as_dict(points), "verdict_outputs": len(decided)}
        nb.cells = [c for c in nb.cells if "probe" not in c.metadata.get(META, {})]
        if findings and os.environ.get(TAMPER_ENV):
            with open(os.environ[TAMPER_ENV], "a") as log:
                for finding in findings:
                    log.write(finding.to_json() + "\n")
        return nb, resources

    def _decide(
        self, grade_id: str, probe: Probe | None, ran: NotebookNode | None
    ) -> tuple[Verdict, TamperFinding | None]:
        if probe is None or ran is None:
            return Verdict.failed("this test has no judge: ask your instructor"), None
        status, data = probe_result(ran.get("outputs", []), MIME)
        if status == "error":
            return Verdict.failed(f"your code raised {data['type']}: {data['message']}"), None
        if status == "missing":
            return Verdict.failed("the test did not finish: " + _why_missing(ran)), None
        if status != "ok":
            return Verdict.failed(f"the test's result could not be read ({status})"), TamperFinding(
                f"probe_{status}", str(data), grade_id
            )
        try:
            verdict = probe.judge(data)
        except Exception as exc:
            self.log.warning("judge of %s could not read the probe's data:\n%s", grade_id, traceback.format_exc())
            detail = f"{type(exc).__name__}: {exc}"[:300]
            return Verdict.failed("the test's result was not of the expected form"), TamperFinding(
                "probe_malformed", detail, grade_id
            )
        if not isinstance(verdict, Verdict):
            raise TypeError(f"the judge of {grade_id} returned {type(verdict).__name__}, not a Verdict")
        return verdict, None


def _why_missing(cell: NotebookNode) -> str:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".strip(": ")[:300]
    return "the kernel stopped or was interrupted before it ran"


def with_judges(steps: list[type]) -> list[type]:
    """nbgrader's autograde steps with the judges around `Execute`."""
    from nbgrader.preprocessors import Execute

    at = steps.index(Execute)
    return [*steps[:at], InsertProbes, Execute, JudgeProbes, *steps[at + 1 :]]
