# Wrong: the index int(target * P) - 1 rounds down, so a target between two recalls gets the next threshold up.
def threshold_for_recall(scores, labels, target_recall):
    scores, labels = np.asarray(scores), np.asarray(labels)
    bad = np.sort(scores[labels == 1])[::-1]
    if len(bad) == 0:
        raise ValueError("no bad posts")
    return float(bad[max(int(target_recall * len(bad)) - 1, 0)])
