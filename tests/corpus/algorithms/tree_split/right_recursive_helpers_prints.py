# Right: the candidates searched recursively (divide and conquer), private helpers _case and _check; prints, warns
# and writes to stderr; returns NumPy scalars.
import sys
import warnings

import numpy as np


def _check(X, y):
    if len(X) != len(y):
        raise ValueError("one label per row")


def _case(X, y, f, t):
    left = X[:, f] <= t
    score = 0.0
    for side in (y[left], y[~left]):
        if len(side):
            _, counts = np.unique(side, return_counts=True)
            score += len(side) * (1 - np.sum((counts / len(side)) ** 2))
    return np.float64(score / len(y))


def _best(candidates, X, y):
    if len(candidates) == 1:
        f, t = candidates[0]
        return (np.int64(f), np.float64(t), _case(X, y, f, t))
    mid = len(candidates) // 2
    first, second = _best(candidates[:mid], X, y), _best(candidates[mid:], X, y)
    return second if second[2] < first[2] - 1e-12 else first


def best_split(X, y):
    """The split X[:, feature] <= threshold with the lowest size-weighted Gini impurity."""
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    _check(X, y)
    candidates = []
    for f in range(X.shape[1]):
        v = np.unique(X[:, f])
        candidates += [(f, t) for t in (v[1:] + v[:-1]) / 2]
    if not candidates:
        warnings.warn("constant features")
        raise ValueError("no feature has two distinct values")
    print(f"{len(candidates)} candidate splits")
    print("searching", file=sys.stderr)
    return _best(candidates, X, y)
