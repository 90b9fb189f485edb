# Right: an explicit loop that remembers the previous week.
def stalled_weeks(accuracy, min_gain=0.005):
    """The week indices i >= 1 whose gain accuracy[i] - accuracy[i - 1] is below min_gain."""
    stalled = []
    previous = None
    for week, value in enumerate(accuracy):
        if previous is not None and value - previous < min_gain:
            stalled.append(week)
        previous = value
    return stalled
