# Wrong: reads accuracy[0] before the loop, so an empty log raises IndexError instead of giving [].
def stalled_weeks(accuracy, min_gain=0.005):
    """The week indices i >= 1 whose gain accuracy[i] - accuracy[i - 1] is below min_gain."""
    stalled = []
    previous = accuracy[0]
    for week in range(1, len(accuracy)):
        if accuracy[week] - previous < min_gain:
            stalled.append(week)
        previous = accuracy[week]
    return stalled
