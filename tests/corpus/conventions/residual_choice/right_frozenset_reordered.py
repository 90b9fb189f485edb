# A frozenset, with the letters in another order.
RESIDUAL_TRUE = frozenset(["f", "d", "a"])
