# The right statements, but as upper-case letters, which are not the labels the notebook uses.
RESIDUAL_TRUE = {"A", "D", "F"}
