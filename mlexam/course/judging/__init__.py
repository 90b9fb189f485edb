"""Judges: the trusted half of every graded test, run outside the learner's kernel.

The kernel computes (a probe from `mlexam.testkit.probe` calls the learner's functions and hands back plain data);
a judge decides (makes the inputs, computes references with its own imports, compares, sets the points). The judge
modules themselves live with the instructor's source notebooks; this package is what they are built from.
"""

from mlexam.course.judging.choice import choice_probe, choice_verdict, probe_value
from mlexam.course.judging.compare import array_problem, kind, number
from mlexam.course.judging.registry import Context, Judges, Probe
from mlexam.course.judging.rules import forbidden_references
from mlexam.course.judging.untrusted import Foreign, Malformed
from mlexam.course.judging.verdict import Item, Verdict

__all__ = [
    "Context",
    "Foreign",
    "Item",
    "Judges",
    "Malformed",
    "Probe",
    "Verdict",
    "array_problem",
    "choice_probe",
    "choice_verdict",
    "forbidden_references",
    "kind",
    "number",
    "probe_value",
]
