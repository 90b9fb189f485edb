# Misses that a learning rate too high can also look noisy and flat.
CAUSES = {
    "A": {"lr_too_low"},
    "B": {"shuffled_labels"},
    "C": {"numerical_instability", "lr_too_high"},
    "D": set(),
}
