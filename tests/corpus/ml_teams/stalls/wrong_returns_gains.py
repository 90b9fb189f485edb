# Wrong: returns the gains of the stalled weeks instead of their indices.
def stalled_weeks(accuracy, min_gain=0.005):
    """The week indices i >= 1 whose gain accuracy[i] - accuracy[i - 1] is below min_gain."""
    gains = [b - a for a, b in zip(accuracy, accuracy[1:])]
    return [g for g in gains if g < min_gain]
