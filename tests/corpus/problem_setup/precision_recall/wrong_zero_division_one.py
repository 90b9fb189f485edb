# Wrong: reports 1.0 for 0 / 0 (scikit-learn's zero_division=1), not the 0.0 of the contract.
def precision_recall(scores, labels, threshold):
    c = confusion_counts(scores, labels, threshold)
    flagged, bad = c["tp"] + c["fp"], c["tp"] + c["fn"]
    return (c["tp"] / flagged if flagged else 1.0), (c["tp"] / bad if bad else 1.0)
