# Right: a regular expression merges runs of a repeated character, then str.replace drops blanks.
import re


def ctc_collapse(path, blank="-"):
    merged = re.sub(r"(.)\1+", r"\1", path, flags=re.DOTALL)
    return merged.replace(blank, "")
