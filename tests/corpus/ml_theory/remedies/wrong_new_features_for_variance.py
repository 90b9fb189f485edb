# Wrong: new input features (f) also listed for high variance; by the stated reading they add capacity.
REMEDIES = {
    "high_bias": {"b", "d", "f", "g"},
    "high_variance": {"a", "c", "e", "f", "h", "j", "k"},
}
