# Right: plain Python: sort (squared distance, index) pairs, count votes in a dict, the smallest label among the most votes.
import numpy as np


def knn_predict(X_train, y_train, X_test, k):
    """The majority label of the k nearest training points of each test point."""
    train = [list(map(float, row)) for row in X_train]
    labels = [int(v) for v in y_train]
    out = []
    for query in X_test:
        ranked = sorted((sum((float(a) - b) ** 2 for a, b in zip(query, row)), i) for i, row in enumerate(train))
        votes = {}
        for _, i in ranked[:k]:
            votes[labels[i]] = votes.get(labels[i], 0) + 1
        top = max(votes.values())
        out.append(min(label for label, count in votes.items() if count == top))
    return np.array(out)
