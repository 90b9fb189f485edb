# Right: Python loops over points and centres, squared distances compared with a strict <, no early stop check
# other than the labels.
import numpy as np


def kmeans(X, k, init_idx, iters=100):
    """Lloyd's algorithm from the centres X[init_idx]; returns (centres (k, d), labels (n,))."""
    points = [list(map(float, row)) for row in X]
    centres = [list(points[i]) for i in init_idx]
    labels = None
    for _ in range(iters):
        new = []
        for p in points:
            best, best_d = 0, None
            for j, c in enumerate(centres):
                dist = sum((a - b) ** 2 for a, b in zip(p, c))
                if best_d is None or dist < best_d:
                    best, best_d = j, dist
            new.append(best)
        if new == labels:
            break
        labels = new
        for j in range(k):
            members = [p for p, lab in zip(points, labels) if lab == j]
            if members:
                centres[j] = [sum(col) / len(members) for col in zip(*members)]
    return np.array(centres), np.array(labels, dtype=np.int64)
