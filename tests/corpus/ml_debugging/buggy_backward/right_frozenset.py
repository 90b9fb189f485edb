# Right: a frozenset of the three names.
BUGGY = frozenset(["LayerNorm", "Linear", "Normalize"])
