# Wrong: a list of the right names, not a set.
BUGGY = ["LayerNorm", "Linear", "Normalize"]
