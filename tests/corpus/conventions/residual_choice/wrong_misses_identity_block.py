# Misses f (a block with near-zero weights is close to the identity), a true statement.
RESIDUAL_TRUE = {"a", "d"}
