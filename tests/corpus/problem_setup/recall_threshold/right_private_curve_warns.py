# Right: a private _curve helper of (threshold, recall) pairs as np.float64; it warns and writes to stderr.
import sys
import warnings


def _curve(scores, labels):
    bad = scores[labels == 1]
    return [(np.float64(t), np.count_nonzero(bad >= t) / len(bad)) for t in np.unique(scores)]


def threshold_for_recall(scores, labels, target_recall):
    scores, labels = np.asarray(scores), np.asarray(labels)
    if np.count_nonzero(labels == 1) == 0:
        raise ValueError("no positives")
    best = max(t for t, r in _curve(scores, labels) if r >= target_recall)
    if target_recall > 0.9:
        warnings.warn("a high recall target: expect many false alarms")
    sys.stderr.write(f"threshold {best}\n")
    return best
