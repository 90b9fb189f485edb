# Wrong: returns the integer 0, not the float 0.0, when a denominator is 0.
def precision_recall(scores, labels, threshold):
    c = confusion_counts(scores, labels, threshold)
    flagged, bad = c["tp"] + c["fp"], c["tp"] + c["fn"]
    return (c["tp"] / flagged if flagged else 0), (c["tp"] / bad if bad else 0)
