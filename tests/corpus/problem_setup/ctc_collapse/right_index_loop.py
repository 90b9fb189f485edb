# Right: an index loop that keeps a symbol when it is not a blank and differs from its predecessor.
def ctc_collapse(s, blank="-"):
    kept = ""
    for i in range(len(s)):
        if s[i] != blank and (i == 0 or s[i] != s[i - 1]):
            kept += s[i]
    return kept
