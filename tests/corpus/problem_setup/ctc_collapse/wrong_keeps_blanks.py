# Wrong: merges runs but forgets to drop the blanks.
def ctc_collapse(path, blank="-"):
    out = []
    for symbol in path:
        if not out or out[-1] != symbol:
            out.append(symbol)
    return "".join(out)
