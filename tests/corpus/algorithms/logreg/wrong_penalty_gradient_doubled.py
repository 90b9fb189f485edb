# Wrong: the penalty's gradient taken as 2 * l2 * w (the derivative of l2 * ||w||^2, not l2 / 2 * ||w||^2).
import numpy as np


def fit_logistic(X, y, lr=0.1, steps=500, l2=0.0):
    """Logistic regression by full-batch gradient descent from zeros; returns (w (d,), b)."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(X @ w + b)))
        w, b = w - lr * (X.T @ (p - y) / len(y) + 2 * l2 * w), b - lr * np.mean(p - y)
    return w, float(b)
