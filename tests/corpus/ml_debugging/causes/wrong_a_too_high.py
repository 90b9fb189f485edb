# Reads the slow decline as a learning rate too high.
CAUSES = {
    "A": {"lr_too_high"},
    "B": {"shuffled_labels", "lr_too_high"},
    "C": {"numerical_instability", "lr_too_high"},
    "D": set(),
}
