# Wrong: off by one, returns the index of the gain (the week before) instead of the week itself.
def stalled_weeks(accuracy, min_gain=0.005):
    """The week indices i >= 1 whose gain accuracy[i] - accuracy[i - 1] is below min_gain."""
    gains = [b - a for a, b in zip(accuracy, accuracy[1:])]
    return [i for i, g in enumerate(gains) if g < min_gain]
