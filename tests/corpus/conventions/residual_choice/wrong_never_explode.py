# Adds g, "gradients can neither vanish nor explode", which overstates what skip connections do.
RESIDUAL_TRUE = {"a", "d", "f", "g"}
