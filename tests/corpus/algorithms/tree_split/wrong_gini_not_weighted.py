# Wrong: adds the two sides' Gini impurities without weighting them by their sizes.
import numpy as np


def best_split(X, y):
    """The split X[:, feature] <= threshold with the lowest size-weighted Gini impurity."""
    X, y = np.asarray(X, dtype=float), np.asarray(y)

    def gini(labels):
        if len(labels) == 0:
            return 0.0
        _, counts = np.unique(labels, return_counts=True)
        return 1.0 - np.sum((counts / len(labels)) ** 2)

    best = None
    for f in range(X.shape[1]):
        v = np.unique(X[:, f])
        for t in (v[:-1] + v[1:]) / 2:
            left = X[:, f] <= t
            score = gini(y[left]) + gini(y[~left])
            if best is None or score < best[2] - 1e-12:
                best = (f, float(t), float(score))
    if best is None:
        raise ValueError("nothing to split")
    return best
