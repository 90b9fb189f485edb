# Right: one loop over (score, label) pairs after a length check; each element keeps its dtype, so float32 stays float32.
def confusion_counts(scores, labels, threshold):
    if len(scores) != len(labels):
        raise ValueError("scores and labels differ in length")
    counts = {"tp": 0, "fp": 0, "tn": 0, "fn": 0}
    for score, label in zip(scores, labels):
        flagged = bool(score >= threshold)
        bad = int(label) == 1
        if flagged and bad:
            counts["tp"] += 1
        elif flagged:
            counts["fp"] += 1
        elif bad:
            counts["fn"] += 1
        else:
            counts["tn"] += 1
    return counts
