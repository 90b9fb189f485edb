# Right: sorts each feature once and scores every split from cumulative class counts (vectorised).
import numpy as np


def best_split(X, y):
    """The split X[:, feature] <= threshold with the lowest size-weighted Gini impurity."""
    X = np.asarray(X, dtype=float)
    classes, codes = np.unique(np.asarray(y), return_inverse=True)
    n, d = X.shape
    onehot = np.eye(len(classes))[codes]
    best = None
    for f in range(d):
        order = np.argsort(X[:, f], kind="stable")
        x = X[order, f]
        left = np.cumsum(onehot[order], axis=0)[:-1]          # counts left of each gap
        right = left[-1] + onehot[order][-1] - left
        n_left = np.arange(1, n)
        gini_left = 1 - ((left / n_left[:, None]) ** 2).sum(1)
        gini_right = 1 - ((right / (n - n_left)[:, None]) ** 2).sum(1)
        impurity = (n_left * gini_left + (n - n_left) * gini_right) / n
        valid = x[1:] > x[:-1]                                  # a gap between distinct values
        if not valid.any():
            continue
        gaps, scores = np.flatnonzero(valid), impurity[valid]
        i = gaps[np.flatnonzero(scores <= scores.min() + 1e-12)[0]]   # ties: the lowest threshold
        candidate = (f, float((x[i] + x[i + 1]) / 2), float(impurity[i]))
        if best is None or candidate[2] < best[2] - 1e-12:
            best = candidate
    if best is None:
        raise ValueError("nothing to split")
    return best
