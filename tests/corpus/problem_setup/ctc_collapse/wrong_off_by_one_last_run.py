# Wrong: compares each symbol with the next one and loops to len - 1, so the last run is lost.
def ctc_collapse(path, blank="-"):
    out = []
    for i in range(len(path) - 1):
        if path[i] != path[i + 1] and path[i] != blank:
            out.append(path[i])
    return "".join(out)
