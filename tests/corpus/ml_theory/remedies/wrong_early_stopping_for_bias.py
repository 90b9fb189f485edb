# Wrong: early stopping (k) also listed for high bias; it trades bias for variance, the wrong way round there.
REMEDIES = {
    "high_bias": {"b", "d", "f", "g", "k"},
    "high_variance": {"a", "c", "e", "h", "j", "k"},
}
