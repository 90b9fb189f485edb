# Plain loops and statistics.fmean, with the rules as a chain of checks.
import math
import statistics


def diagnose(losses):
    for value in losses:
        if math.isnan(value) or math.isinf(value):
            return "explodes"
    start = losses[0]
    rises = 0
    for i in range(1, len(losses)):
        if losses[i] > losses[i - 1]:
            rises += 1
    share_up = rises / (len(losses) - 1)
    tail = losses[-50:]
    mean_tail = statistics.fmean(tail)
    changes = [abs(tail[i] - tail[i - 1]) for i in range(1, len(tail))]
    label = "plateaus"
    if share_up > 0.8 and losses[-1] > 2 * start and losses[-1] >= max(losses) / 2:
        label = "goes_up"
    elif max(losses) > 1000 * start:
        label = "explodes"
    elif share_up > 0.2 and mean_tail > start / 1000 and statistics.fmean(changes) > mean_tail / 20:
        label = "oscillates"
    elif mean_tail < start / 20:
        label = "converges"
    return label
