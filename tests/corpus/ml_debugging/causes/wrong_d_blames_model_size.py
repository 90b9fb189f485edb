# Thinks a very large model is a cause of failure, and misses lr_too_high for C.
CAUSES = {
    "A": {"lr_too_low"},
    "B": {"shuffled_labels", "lr_too_high"},
    "C": {"numerical_instability"},
    "D": {"too_big_model"},
}
