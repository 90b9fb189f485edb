# Right: an OrderedDict whose values are np.str_, built by a private helper that prints, warns and writes to stderr.
import sys
import warnings
from collections import OrderedDict

import numpy as np


def _kind(task):
    words = task.lower()
    rules = [
        ("whiteboard", "whiteboard_coding"), ("at a laptop", "pair_coding"), ("nan", "pair_debugging"),
        ("rank one", "math_puzzle"), ("at home", "take_home"), ("fraudulent", "applied_ml"),
        ("last ml project", "past_projects"), ("bias or high variance", "ml_theory"),
        ("about yourself", "background_fit"),
    ]
    return next(kind for key, kind in rules if key in words)


ASSESSMENT_FOR = OrderedDict((task, np.str_(_kind(task))) for task in ASSESSMENT_ITEMS)
print("classified", len(ASSESSMENT_FOR), "tasks")
warnings.warn("a note from my code")
print("to stderr", file=sys.stderr)
