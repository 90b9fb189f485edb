# Right: sort the bad posts' scores descending; the k-th of them, for the smallest k with k / P >= target, is the answer.
def threshold_for_recall(scores, labels, target_recall):
    bad = sorted((s for s, l in zip(np.asarray(scores).tolist(), np.asarray(labels).tolist()) if l == 1), reverse=True)
    if not bad:
        raise ValueError("no bad posts")
    for k in range(1, len(bad) + 1):
        if k / len(bad) >= target_recall:
            return float(bad[k - 1])
