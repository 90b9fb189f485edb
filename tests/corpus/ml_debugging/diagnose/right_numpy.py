# NumPy version: vectorised differences and masks.
import numpy as np


def diagnose(losses):
    a = np.asarray(losses, dtype=float)
    if not np.all(np.isfinite(a)):
        return "explodes"
    l0 = a[0]
    d = np.diff(a)
    up = np.mean(d > 0)
    tail = a[-50:]
    if up > 0.8 and a[-1] > 2 * l0 and a[-1] >= 0.5 * a.max():
        return "goes_up"
    if a.max() > 1000 * l0:
        return "explodes"
    if up > 0.2 and tail.mean() > 0.001 * l0 and np.abs(np.diff(tail)).mean() > 0.05 * tail.mean():
        return "oscillates"
    if tail.mean() < 0.05 * l0:
        return "converges"
    return "plateaus"
