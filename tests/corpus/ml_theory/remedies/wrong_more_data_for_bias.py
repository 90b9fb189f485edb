# Wrong: adds "more training examples" (a) to the high-bias remedies: more data does not fix a model that underfits.
REMEDIES = {
    "high_bias": {"a", "b", "d", "f", "g"},
    "high_variance": {"a", "c", "e", "h", "j", "k"},
}
