# Right: plain Python lists and dicts, a Gini from counts, a tolerance for ties.
def _gini(labels):
    if not labels:
        return 0.0
    counts = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    return 1.0 - sum((c / len(labels)) ** 2 for c in counts.values())


def best_split(X, y):
    """The split X[:, feature] <= threshold with the lowest size-weighted Gini impurity."""
    rows = [[float(v) for v in row] for row in X]
    labels = [int(v) for v in y]
    n = len(rows)
    best = None
    for f in range(len(rows[0])):
        values = sorted({row[f] for row in rows})
        for a, b in zip(values, values[1:]):
            t = (a + b) / 2
            left = [lab for row, lab in zip(rows, labels) if row[f] <= t]
            right = [lab for row, lab in zip(rows, labels) if row[f] > t]
            score = (len(left) * _gini(left) + len(right) * _gini(right)) / n
            if best is None or score < best[2] - 1e-12:
                best = (f, t, score)
    if best is None:
        raise ValueError("no feature has two distinct values")
    return best
