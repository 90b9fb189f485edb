# Wrong: the right DP, but in a NumPy float array: counts above 2**53 are no longer exact.
import numpy as np


def count_ctc_paths(label, T):
    states = ["-"]
    for symbol in label:
        states += [symbol, "-"]
    if T == 0:
        return int(label == "")
    alpha = np.zeros(len(states))
    alpha[0] = 1
    if len(states) > 1:
        alpha[1] = 1
    for _ in range(T - 1):
        new = alpha.copy()
        new[1:] += alpha[:-1]
        for s in range(2, len(states)):
            if states[s] != "-" and states[s] != states[s - 2]:
                new[s] += alpha[s - 2]
        alpha = new
    return int(round(alpha[-1] + (alpha[-2] if len(states) > 1 else 0)))
