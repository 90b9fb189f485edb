# Right: a recursive, memoised count over (symbols placed, frames used, whether the last frame was blank).
from functools import lru_cache


def count_ctc_paths(label, T):
    n = len(label)

    @lru_cache(maxsize=None)
    def ways(i, t, last):
        # i symbols of the label emitted, t frames used, `last` is the symbol of frame t-1 (None at start)
        if t == T:
            return 1 if i == n else 0
        total = ways(i, t + 1, "-")                     # a blank
        if last is not None and last != "-":
            total += ways(i, t + 1, last)               # repeat the same symbol (merged)
        if i < n and label[i] != last:
            total += ways(i + 1, t + 1, label[i])       # emit the next symbol
        return total

    return ways(0, 0, None)
