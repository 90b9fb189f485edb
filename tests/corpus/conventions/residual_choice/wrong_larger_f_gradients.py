# Also picks b, "the skip connection makes f's own Jacobian larger", which is false.
RESIDUAL_TRUE = {"a", "b", "d", "f"}
