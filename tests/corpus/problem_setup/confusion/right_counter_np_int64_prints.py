# Right: a Counter (a dict subclass) of np.int64 counts from a 2x2 table made by np.add.at; it prints and warns.
import sys
import warnings
from collections import Counter


def confusion_counts(scores, labels, threshold):
    scores, labels = np.asarray(scores), np.asarray(labels)
    if scores.shape != labels.shape:
        raise ValueError("lengths differ")
    table = np.zeros((2, 2), dtype=np.int64)
    np.add.at(table, ((scores >= threshold).astype(int), (labels == 1).astype(int)), 1)
    counts = Counter(tp=table[1, 1], fp=table[1, 0], tn=table[0, 0], fn=table[0, 1])
    if counts["tp"] + counts["fn"] == 0:
        warnings.warn("no bad posts in this batch")
    print("counts:", dict(counts))
    print("done", file=sys.stderr)
    return counts
