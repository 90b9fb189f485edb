# Right: uses confusion_counts and catches ZeroDivisionError for the empty denominators; it prints and warns.
import warnings


def _ratio(num, den):
    try:
        return num / den
    except ZeroDivisionError:
        warnings.warn("0 / 0 reported as 0.0")
        return 0.0


def precision_recall(scores, labels, threshold):
    c = confusion_counts(scores, labels, threshold)
    out = (float(_ratio(c["tp"], c["tp"] + c["fp"])), float(_ratio(c["tp"], c["tp"] + c["fn"])))
    print("precision, recall:", out)
    return out
