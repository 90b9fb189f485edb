# Right: NumPy diff and flatnonzero, converted to a list of Python ints with .tolist().
import numpy as np


def stalled_weeks(accuracy, min_gain=0.005):
    """The week indices i >= 1 whose gain accuracy[i] - accuracy[i - 1] is below min_gain."""
    gains = np.diff(np.asarray(accuracy, dtype=np.float64))
    return (np.flatnonzero(gains < min_gain) + 1).tolist()
