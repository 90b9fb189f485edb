# Wrong: a point equally far from two centres goes to the one with the highest index.
import numpy as np


def kmeans(X, k, init_idx, iters=100):
    """Lloyd's algorithm from the centres X[init_idx]; returns (centres (k, d), labels (n,))."""
    X = np.asarray(X, dtype=float)
    centres = X[np.asarray(init_idx)].copy()
    labels = None
    for _ in range(iters):
        d2 = ((X[:, None] - centres[None]) ** 2).sum(2)
        new = k - 1 - d2[:, ::-1].argmin(1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for j in range(k):
            if (labels == j).any():
                centres[j] = X[labels == j].mean(axis=0)
    return centres, labels
