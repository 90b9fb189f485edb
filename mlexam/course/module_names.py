"""Modules named in strings: a command line, a kernelspec, code run in the student's kernel, nbgrader's config.

An `import` that breaks fails at once; a module name in a string fails only when that string runs (in a grading
run, in a learner's kernel) or, in `nbgrader_config.py`, not at all (its imports fall back quietly for a learner
copy without `mlexam.course`). So every such name is listed here, and `tests/test_engine_units.py` imports each.
"""

from __future__ import annotations

CLI = "mlexam.course.cli"  # the `mlexam` command (pyproject.toml's [project.scripts]; the tests run it with -m)
ZYGOTE = "mlexam.course.grading.zygote"  # started with -m by each worker slot
KERNEL_LAUNCHER = "mlexam.course.grading.kernel"  # the command of the sandboxed kernelspec
PROBE = "mlexam.testkit.probe"  # imported by the probe cells the judges add, in the student's kernel
# What nbgrader_config.py imports (module: name), each in a try block.
NBGRADER_CONFIG = {
    "mlexam.course.judging.preprocessors": "with_judges",
    "mlexam.course.reporting.feedback": "FEEDBACK_PREPROCESSORS",
}
# Imported by each zygote before it forks (grading imports them later anyway), and torch when the task has judges.
ZYGOTE_PRELOAD = (
    "jupyter_client.manager",
    "nbclient",
    "nbconvert.exporters",
    "nbgrader.api",
    "nbgrader.apps.autogradeapp",
    "nbgrader.converters.autograde",
    "nbgrader.preprocessors",
    "numpy",
)
JUDGES_PRELOAD = ("torch",)
