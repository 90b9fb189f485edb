# Right: the forward DP split into private helpers (_case, _run), printing each result.
def _case(label):
    ext = ["-"]
    for c in label:
        ext += [c, "-"]
    return ext


def _run(ext, T):
    alpha = [1] + [0] * (len(ext) - 1)
    if len(ext) > 1:
        alpha[1] = 1
    for _ in range(T - 1):
        alpha = [alpha[s] + (alpha[s - 1] if s else 0)
                 + (alpha[s - 2] if s > 1 and ext[s] != "-" and ext[s] != ext[s - 2] else 0)
                 for s in range(len(ext))]
    return alpha


def count_ctc_paths(label, T):
    if T == 0:
        return int(label == "")
    alpha = _run(_case(label), T)
    n = alpha[-1] + (alpha[-2] if len(alpha) > 1 else 0)
    print(label, T, n)
    return n
