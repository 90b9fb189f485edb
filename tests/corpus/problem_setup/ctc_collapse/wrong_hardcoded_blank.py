# Wrong: ignores the blank argument and always drops "-".
def ctc_collapse(path, blank="-"):
    out, previous = [], None
    for symbol in path:
        if symbol != previous and symbol != "-":
            out.append(symbol)
        previous = symbol
    return "".join(out)
