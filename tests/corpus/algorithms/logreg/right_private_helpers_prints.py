# Right: private helpers _run and _check, a sigmoid from np.logaddexp; prints, warns, writes to stderr; b a np.float64.
import sys
import warnings

import numpy as np


def _check(X, y):
    if len(X) != len(y):
        raise ValueError("X and y differ in length")


def _run(X, y, w, b, lr, l2):
    p = np.exp(-np.logaddexp(0.0, -(X @ w + b)))
    error = p - y
    return w - lr * (X.T @ error / len(y) + l2 * w), b - lr * np.mean(error)


def fit_logistic(X, y, lr=0.1, steps=500, l2=0.0):
    """Logistic regression by full-batch gradient descent from zeros; returns (w (d,), b)."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    _check(X, y)
    if steps > 300:
        warnings.warn(f"{steps} steps: this may take a moment")
    w, b = np.zeros(X.shape[1]), np.float64(0.0)
    for step in range(steps):
        w, b = _run(X, y, w, b, lr, l2)
        if step % 100 == 0:
            print(f"step {step}: |w| = {np.linalg.norm(w):.3f}")
    print("done", file=sys.stderr)
    return w, b
