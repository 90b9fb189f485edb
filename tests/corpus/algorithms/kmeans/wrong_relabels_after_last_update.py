# Wrong: after the loop, assigns the points once more to the final centres (not the last assignment step's labels).
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
        for j in range(k):
            if (labels == j).any():
                centres[j] = X[labels == j].mean(axis=0)
    labels = ((X[:, None] - centres[None]) ** 2).sum(2).argmin(1)
    return centres, labels
