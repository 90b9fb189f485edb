# Wrong: counts a bad post as caught only when its score is strictly above the threshold (>), one threshold too low.
def threshold_for_recall(scores, labels, target_recall):
    scores, labels = np.asarray(scores), np.asarray(labels)
    bad = scores[labels == 1]
    if len(bad) == 0:
        raise ValueError("no bad posts")
    for t in np.unique(scores)[::-1]:
        if np.sum(bad > t) / len(bad) >= target_recall:
            return float(t)
    return float(scores.min())
