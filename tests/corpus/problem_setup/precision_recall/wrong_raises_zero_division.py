# Wrong: plain division raises ZeroDivisionError when nothing is flagged.
def precision_recall(scores, labels, threshold):
    c = confusion_counts(scores, labels, threshold)
    return c["tp"] / (c["tp"] + c["fp"]), c["tp"] / (c["tp"] + c["fn"])
