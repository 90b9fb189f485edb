# Wrong: the two lists swapped (capacity for variance, data and regularisation for bias).
REMEDIES = {
    "high_bias": {"a", "c", "e", "h", "j", "k"},
    "high_variance": {"b", "d", "f", "g"},
}
