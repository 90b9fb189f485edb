# Wrong: drops the blanks before merging, so "a-a" collapses to "a" instead of "aa".
def ctc_collapse(path, blank="-"):
    out = []
    for symbol in path.replace(blank, ""):
        if not out or out[-1] != symbol:
            out.append(symbol)
    return "".join(out)
