# Wrong: keeps each symbol's first occurrence only ("merge repeats" read as "remove duplicates").
def ctc_collapse(path, blank="-"):
    return "".join(dict.fromkeys(c for c in path if c != blank))
