# Right: zip of consecutive weeks, numbered from 1 with enumerate(start=1).
def stalled_weeks(accuracy, min_gain=0.005):
    """The week indices i >= 1 whose gain accuracy[i] - accuracy[i - 1] is below min_gain."""
    pairs = zip(accuracy, accuracy[1:])
    return [week for week, (before, after) in enumerate(pairs, start=1) if after - before < min_gain]
