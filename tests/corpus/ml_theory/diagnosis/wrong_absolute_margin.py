# Wrong: "well above" as a fixed absolute margin (0.1) instead of relative to the target, so it breaks at other scales.
def diagnose(train_err, val_err, target_err):
    """Name the problem shown by learning curves: "high_bias", "high_variance" or "good"."""
    train, val, target = train_err[-1], val_err[-1], target_err[-1]
    if train > target + 0.1:
        return "high_bias"
    if val > target + 0.1:
        return "high_variance"
    return "good"
