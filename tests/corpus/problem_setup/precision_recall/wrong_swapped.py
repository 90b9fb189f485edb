# Wrong: precision and recall swapped (tp / (tp + fn) is the recall).
def precision_recall(scores, labels, threshold):
    c = confusion_counts(scores, labels, threshold)
    flagged, bad = c["tp"] + c["fp"], c["tp"] + c["fn"]
    return (c["tp"] / bad if bad else 0.0), (c["tp"] / flagged if flagged else 0.0)
