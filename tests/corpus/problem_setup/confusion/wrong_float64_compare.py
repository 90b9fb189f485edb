# Wrong: converts the scores to float64 first, so a float32 score of 0.7 falls below the threshold 0.7.
def confusion_counts(scores, labels, threshold):
    scores, labels = np.asarray(scores, dtype=np.float64), np.asarray(labels)
    if len(scores) != len(labels):
        raise ValueError("lengths differ")
    flagged, bad = scores >= threshold, labels == 1
    return {"tp": int(np.sum(flagged & bad)), "fp": int(np.sum(flagged & ~bad)),
            "tn": int(np.sum(~flagged & ~bad)), "fn": int(np.sum(~flagged & bad))}
