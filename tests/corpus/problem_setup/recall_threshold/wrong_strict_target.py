# Wrong: demands recall strictly above the target, so an exactly met target (19 of 20 for 0.95) gives the next threshold down.
def threshold_for_recall(scores, labels, target_recall):
    scores, labels = np.asarray(scores), np.asarray(labels)
    bad = scores[labels == 1]
    if len(bad) == 0:
        raise ValueError("no bad posts")
    for t in np.unique(scores)[::-1]:
        if np.mean(bad >= t) > target_recall or np.all(bad >= t):
            return float(t)
