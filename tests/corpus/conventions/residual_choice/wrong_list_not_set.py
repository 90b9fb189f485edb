# The right letters, but in a list instead of a set.
RESIDUAL_TRUE = ["a", "d", "f"]
