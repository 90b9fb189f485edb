# Wrong: never lets a walk jump over a blank, as if every pair of symbols needed a blank between them.
def count_ctc_paths(label, T):
    states = ["-"]
    for symbol in label:
        states += [symbol, "-"]
    if T == 0:
        return 1 if label == "" else 0
    alpha = [1, 1] + [0] * (len(states) - 2) if len(states) > 1 else [1]
    for _ in range(T - 1):
        alpha = [alpha[s] + (alpha[s - 1] if s >= 1 else 0) for s in range(len(states))]
    return alpha[-1] + (alpha[-2] if len(states) > 1 else 0)
