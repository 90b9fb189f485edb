# Right: counts computed inline with NumPy (no call to confusion_counts), np.float64 results, np.divide guarded.
def precision_recall(scores, labels, threshold):
    flagged = np.asarray(scores) >= threshold
    bad = np.asarray(labels) == 1
    tp = np.sum(flagged & bad)
    precision = np.float64(tp) / np.sum(flagged) if np.sum(flagged) > 0 else np.float64(0.0)
    recall = np.float64(tp) / np.sum(bad) if np.sum(bad) > 0 else np.float64(0.0)
    return precision, recall
