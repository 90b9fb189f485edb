"""The one call every notebook's setup cell makes."""

from __future__ import annotations

import random
import sys
import warnings
from contextlib import suppress

import matplotlib as mpl
import numpy as np


def _warn_on_stdout(message, category, filename, lineno, file=None, line=None) -> None:
    print(warnings.formatwarning(message, category, filename, lineno, line), end="", file=sys.stdout)


def setup_notebook(seed: int = 0) -> None:
    """Make a notebook fast, reproducible and fairly graded on a small CPU.

    One torch thread (kernels graded side by side must not fight over cores),
    fixed seeds for `random`, NumPy and torch, and a compact plot style. Torch is
    configured when the notebook has imported it, so notebooks without torch start fast.
    Warnings are shown on stdout: nbgrader gives 0 points to a test cell that
    writes to stderr in a learner's Validate, and a harmless warning from a correct answer must not
    fail a visible test there (at grading, judges outside the kernel decide, whatever the cell printed).
    """
    warnings.showwarning = _warn_on_stdout
    random.seed(seed)
    np.random.seed(seed)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)
        with suppress(RuntimeError):  # already set: the setup cell was run a second time
            torch.set_num_interop_threads(1)
        torch.manual_seed(seed)
    mpl.rcParams.update(
        {
            "figure.figsize": (7.0, 3.6),
            "figure.dpi": 90,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
        }
    )
