# Wrong: uses <= instead of <, so a week that gains exactly min_gain (or stays flat with min_gain = 0) counts as stalled.
def stalled_weeks(accuracy, min_gain=0.005):
    """The week indices i >= 1 whose gain accuracy[i] - accuracy[i - 1] is below min_gain."""
    return [i for i in range(1, len(accuracy)) if accuracy[i] - accuracy[i - 1] <= min_gain]
