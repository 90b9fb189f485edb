# Wrong: a larger validation set (i) only measures the gap more precisely; it does not close it.
REMEDIES = {
    "high_bias": {"b", "d", "f", "g"},
    "high_variance": {"a", "c", "e", "h", "i", "j", "k"},
}
