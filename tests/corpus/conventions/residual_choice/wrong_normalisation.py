# Confuses residual connections with normalisation (e) and leaves out the sum of paths (d).
RESIDUAL_TRUE = {"a", "e", "f"}
