# Wrong: without bad posts it returns the largest score instead of raising ValueError.
def threshold_for_recall(scores, labels, target_recall):
    scores, labels = np.asarray(scores), np.asarray(labels)
    bad = scores[labels == 1]
    for t in np.unique(scores)[::-1]:
        if len(bad) == 0 or np.sum(bad >= t) / len(bad) >= target_recall:
            return float(t)
