# Wrong: returns the labels kept from the round before the last assignment step.
import numpy as np


def kmeans(X, k, init_idx, iters=100):
    """Lloyd's algorithm from the centres X[init_idx]; returns (centres (k, d), labels (n,))."""
    X = np.asarray(X, dtype=float)
    centres = X[np.asarray(init_idx)].copy()
    labels = np.zeros(len(X), dtype=int)
    for _ in range(iters):
        old = labels
        labels = ((X[:, None] - centres[None]) ** 2).sum(2).argmin(1)
        for j in range(k):
            if (labels == j).any():
                centres[j] = X[labels == j].mean(axis=0)
        if np.array_equal(labels, old):
            break
    return centres, old
