# Right: plain Python loops over examples and features, with math.exp and a sigmoid split by the sign of z.
import math

import numpy as np


def fit_logistic(X, y, lr=0.1, steps=500, l2=0.0):
    """Logistic regression by full-batch gradient descent from zeros; returns (w (d,), b)."""
    rows = [[float(v) for v in row] for row in X]
    labels = [float(v) for v in y]
    n, d = len(rows), len(rows[0])
    w, b = [0.0] * d, 0.0
    for _ in range(steps):
        grad_w, grad_b = [0.0] * d, 0.0
        for row, label in zip(rows, labels):
            z = sum(wj * xj for wj, xj in zip(w, row)) + b
            p = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
            for j in range(d):
                grad_w[j] += (p - label) * row[j] / n
            grad_b += (p - label) / n
        w = [wj - lr * (gj + l2 * wj) for wj, gj in zip(w, grad_w)]
        b -= lr * grad_b
    return np.array(w), b
