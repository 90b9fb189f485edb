# Wrong: an empty cluster's centre is moved to the point farthest from its own centre (as some libraries do).
import numpy as np


def kmeans(X, k, init_idx, iters=100):
    """Lloyd's algorithm from the centres X[init_idx]; returns (centres (k, d), labels (n,))."""
    X = np.asarray(X, dtype=float)
    centres = X[np.asarray(init_idx)].copy()
    labels = None
    for _ in range(iters):
        d2 = ((X[:, None] - centres[None]) ** 2).sum(2)
        new = d2.argmin(1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for j in range(k):
            if (labels == j).any():
                centres[j] = X[labels == j].mean(axis=0)
            else:
                centres[j] = X[np.argmax(d2[np.arange(len(X)), labels])]
    return centres, labels
