# Right: distances by ||x||^2 - 2 x.c + ||c||^2, centres by np.add.at; always runs all rounds (a converged run
# stays put, so the result is the same).
import numpy as np


def kmeans(X, k, init_idx, iters=100):
    """Lloyd's algorithm from the centres X[init_idx]; returns (centres (k, d), labels (n,))."""
    X = np.asarray(X, dtype=float)
    centres = X[list(init_idx)].copy()
    for _ in range(iters):
        d2 = (X**2).sum(1)[:, None] - 2 * X @ centres.T + (centres**2).sum(1)[None, :]
        labels = np.argmin(d2, axis=1)
        sums = np.zeros_like(centres)
        np.add.at(sums, labels, X)
        counts = np.bincount(labels, minlength=k)
        filled = counts > 0
        centres[filled] = sums[filled] / counts[filled, None]
    return centres, labels
