# Right: a closed form. L symbol runs (>= 1 frame each) and L + 1 blank gaps (>= 0 frames, >= 1
# between equal neighbours) share T frames: C(T + L - r, 2L) ways, with r the forced blanks.
from math import comb


def count_ctc_paths(label, T):
    L = len(label)
    r = sum(a == b for a, b in zip(label, label[1:]))
    if T < L + r:
        return 0
    return comb(T + L - r, 2 * L)
