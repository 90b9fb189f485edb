# Right: the same rule written as accuracy[i] < accuracy[i - 1] + min_gain, with a while loop.
def stalled_weeks(accuracy, min_gain=0.005):
    """The week indices i >= 1 whose gain accuracy[i] - accuracy[i - 1] is below min_gain."""
    weeks = []
    i = 1
    while i < len(accuracy):
        if accuracy[i] < accuracy[i - 1] + min_gain:
            weeks.append(i)
        i += 1
    return weeks
