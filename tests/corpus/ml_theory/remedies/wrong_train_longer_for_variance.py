# Wrong: "train longer" (d) also listed for high variance, and early stopping (k) left out.
REMEDIES = {
    "high_bias": {"b", "d", "f", "g"},
    "high_variance": {"a", "c", "d", "e", "h", "j"},
}
