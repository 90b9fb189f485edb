# Wrong: brute-force enumeration: right on small cases, hopelessly slow for T = 50.
import itertools


def count_ctc_paths(label, T):
    def collapse(path):
        out, previous = [], None
        for c in path:
            if c != previous and c != "-":
                out.append(c)
            previous = c
        return "".join(out)

    symbols = sorted(set(label)) + ["-"]
    return sum(1 for p in itertools.product(symbols, repeat=T) if collapse(p) == label)
