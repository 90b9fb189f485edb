# Right: private helpers _case and _check; prints the inertia of each round, warns when it stops early, writes
# to stderr.
import sys
import warnings

import numpy as np


def _check(X, k, init_idx):
    if len(init_idx) != k:
        raise ValueError("one starting index per cluster")


def _case(X, centres):
    return np.linalg.norm(X[:, None, :] - centres[None], axis=2).argmin(axis=1)


def kmeans(X, k, init_idx, iters=100):
    """Lloyd's algorithm from the centres X[init_idx]; returns (centres (k, d), labels (n,))."""
    X = np.asarray(X, dtype=np.float64)
    _check(X, k, init_idx)
    centres = np.array([X[i] for i in init_idx])
    labels = None
    for t in range(iters):
        new = _case(X, centres)
        if labels is not None and (new == labels).all():
            warnings.warn(f"converged after {t} rounds")
            break
        labels = new
        centres = np.array([X[labels == j].mean(axis=0) if (labels == j).any() else centres[j] for j in range(k)])
        print(f"round {t + 1}: inertia {((X - centres[labels]) ** 2).sum():.2f}")
    print("kmeans done", file=sys.stderr)
    return centres, labels
