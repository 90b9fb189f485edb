# Wrong: hard-codes the threshold 0.005 and ignores the min_gain argument.
def stalled_weeks(accuracy, min_gain=0.005):
    """The week indices i >= 1 whose gain accuracy[i] - accuracy[i - 1] is below min_gain."""
    return [i for i in range(1, len(accuracy)) if accuracy[i] - accuracy[i - 1] < 0.005]
