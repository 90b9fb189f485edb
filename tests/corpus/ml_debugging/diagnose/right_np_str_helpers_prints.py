# Returns np.str_ labels, with private helpers _ratio and _check; prints, warns and writes to stderr.
import sys
import warnings

import numpy as np


def _ratio(a, b):
    return a / b


def _check(losses):
    a = np.asarray(losses, dtype=np.float64)
    if not np.all(np.isfinite(a)):
        warnings.warn("non-finite loss")
        return "explodes"
    d = np.diff(a)
    tail = a[-50:]
    up = float(np.mean(d > 0))
    print(f"rising {up:.2f}, tail/L0 {_ratio(tail.mean(), a[0]):.3g}", file=sys.stderr)
    if up > 0.8 and a[-1] > 2 * a[0] and a[-1] >= 0.5 * a.max():
        return "goes_up"
    if _ratio(a.max(), a[0]) > 1000:
        return "explodes"
    if up > 0.2 and _ratio(tail.mean(), a[0]) > 0.001 and np.abs(np.diff(tail)).mean() > 0.05 * tail.mean():
        return "oscillates"
    if _ratio(tail.mean(), a[0]) < 0.05:
        return "converges"
    return "plateaus"


def diagnose(losses):
    label = np.str_(_check(losses))
    print("diagnosed:", label)
    return label
