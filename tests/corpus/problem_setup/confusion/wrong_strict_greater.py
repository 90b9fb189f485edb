# Wrong: flags score > threshold, so scores equal to the threshold (ties) are not flagged.
def confusion_counts(scores, labels, threshold):
    scores, labels = np.asarray(scores), np.asarray(labels)
    if len(scores) != len(labels):
        raise ValueError("lengths differ")
    flagged, bad = scores > threshold, labels == 1
    return {"tp": int(np.sum(flagged & bad)), "fp": int(np.sum(flagged & ~bad)),
            "tn": int(np.sum(~flagged & ~bad)), "fn": int(np.sum(~flagged & bad))}
