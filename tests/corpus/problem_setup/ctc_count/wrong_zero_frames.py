# Wrong: treats T = 0 as always impossible, but the empty label has one (empty) alignment.
def count_ctc_paths(label, T):
    if T == 0:
        return 0
    states = ["-"]
    for symbol in label:
        states += [symbol, "-"]
    alpha = [1, 1] + [0] * (len(states) - 2) if len(states) > 1 else [1]
    for _ in range(T - 1):
        alpha = [alpha[s] + (alpha[s - 1] if s >= 1 else 0)
                 + (alpha[s - 2] if s >= 2 and states[s] != "-" and states[s] != states[s - 2] else 0)
                 for s in range(len(states))]
    return alpha[-1] + (alpha[-2] if len(states) > 1 else 0)
