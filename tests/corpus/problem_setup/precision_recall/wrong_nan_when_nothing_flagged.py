# Wrong: NumPy division, so 0 / 0 gives nan (nothing flagged, or no bad posts) instead of 0.0.
def precision_recall(scores, labels, threshold):
    c = confusion_counts(scores, labels, threshold)
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.float64(c["tp"]) / np.float64(c["tp"] + c["fp"])
        recall = np.float64(c["tp"]) / np.float64(c["tp"] + c["fn"])
    return float(precision), float(recall)
