# Wrong: zip silently drops the extra items when the lengths differ; no ValueError.
def confusion_counts(scores, labels, threshold):
    counts = {"tp": 0, "fp": 0, "tn": 0, "fn": 0}
    for s, label in zip(scores, labels):
        key = ("t" if (s >= threshold) == (label == 1) else "f") + ("p" if s >= threshold else "n")
        counts[key] += 1
    return counts
