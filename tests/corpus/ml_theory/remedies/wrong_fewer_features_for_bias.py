# Wrong: fewer input features (e) listed for high bias instead of high variance.
REMEDIES = {
    "high_bias": {"b", "d", "e", "f", "g"},
    "high_variance": {"a", "c", "h", "j", "k"},
}
