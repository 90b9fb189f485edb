# NumPy: indices left as np.int64 in a Python list; they are whole numbers and compare equal to ints.
import numpy as np


def stalled_weeks(accuracy, min_gain=0.005):
    """The week indices i >= 1 whose gain accuracy[i] - accuracy[i - 1] is below min_gain."""
    return list(np.flatnonzero(np.diff(np.asarray(accuracy, dtype=float)) < min_gain) + 1)
