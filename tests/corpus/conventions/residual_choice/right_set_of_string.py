# The set built from a string of the letters.
RESIDUAL_TRUE = set("adf")
