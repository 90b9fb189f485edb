# Right: the DP run backwards (from the end of the label), over states kept in a dict.
def count_ctc_paths(label, T):
    ext = "-" + "".join(c + "-" for c in label)
    last = len(ext) - 1
    if T == 0:
        return 1 if not label else 0
    beta = {s: 0 for s in range(len(ext))}
    beta[last] = 1
    if last >= 1:
        beta[last - 1] = 1
    for _ in range(T - 1):
        new = {}
        for s in range(len(ext)):
            total = beta[s]
            if s + 1 <= last:
                total += beta[s + 1]
            if s + 2 <= last and ext[s] != "-" and ext[s + 2] != ext[s]:
                total += beta[s + 2]
            new[s] = total
        beta = new
    return beta[0] + (beta[1] if last >= 1 else 0)
