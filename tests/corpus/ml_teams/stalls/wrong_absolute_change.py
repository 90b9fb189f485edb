# Wrong: compares the size of the change, abs(gain), so a big drop is not counted as stalled.
def stalled_weeks(accuracy, min_gain=0.005):
    """The week indices i >= 1 whose gain accuracy[i] - accuracy[i - 1] is below min_gain."""
    return [i for i in range(1, len(accuracy)) if abs(accuracy[i] - accuracy[i - 1]) < min_gain]
