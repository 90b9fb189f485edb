# Right: itertools.groupby merges the runs, then a filter drops the blanks.
from itertools import groupby


def ctc_collapse(path, blank="-"):
    return "".join(symbol for symbol, _ in groupby(path) if symbol != blank)
