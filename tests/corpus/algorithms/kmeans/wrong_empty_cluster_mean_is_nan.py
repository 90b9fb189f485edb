# Wrong: takes the mean of every cluster, empty ones included (a nan centre, with a warning).
import numpy as np


def kmeans(X, k, init_idx, iters=100):
    """Lloyd's algorithm from the centres X[init_idx]; returns (centres (k, d), labels (n,))."""
    X = np.asarray(X, dtype=float)
    centres = X[np.asarray(init_idx)].copy()
    labels = None
    for _ in range(iters):
        new = ((X[:, None] - centres[None]) ** 2).sum(2).argmin(1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        centres = np.array([X[labels == j].mean(axis=0) for j in range(k)])
    return centres, labels
