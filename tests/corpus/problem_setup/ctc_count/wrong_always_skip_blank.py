# Wrong: lets every symbol skip the blank before it, even a repeat ("aa" then counts "aa" paths).
def count_ctc_paths(label, T):
    states = ["-"]
    for symbol in label:
        states += [symbol, "-"]
    if T == 0:
        return 1 if label == "" else 0
    alpha = [1, 1] + [0] * (len(states) - 2) if len(states) > 1 else [1]
    for _ in range(T - 1):
        alpha = [alpha[s] + (alpha[s - 1] if s >= 1 else 0) + (alpha[s - 2] if s >= 2 and states[s] != "-" else 0)
                 for s in range(len(states))]
    return alpha[-1] + (alpha[-2] if len(states) > 1 else 0)
