# Wrong: starts at week 0, so accuracy[0] - accuracy[-1] (the last week) decides whether week 0 is stalled.
def stalled_weeks(accuracy, min_gain=0.005):
    """The week indices i >= 1 whose gain accuracy[i] - accuracy[i - 1] is below min_gain."""
    return [i for i in range(len(accuracy)) if accuracy[i] - accuracy[i - 1] < min_gain]
