# Right: walk the distinct scores from the top and ask precision_recall for the recall at each; prints the result.
def threshold_for_recall(scores, labels, target_recall):
    if not np.any(np.asarray(labels) == 1):
        raise ValueError("there is no bad post")
    for t in sorted(set(np.asarray(scores).tolist()), reverse=True):
        _, recall = precision_recall(scores, labels, t)
        if recall >= target_recall:
            print(f"threshold {t}: recall {recall:.3f}")
            return t
