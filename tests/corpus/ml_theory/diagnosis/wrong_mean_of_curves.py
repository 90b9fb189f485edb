# Wrong: averages each whole curve instead of using its final value.
def diagnose(train_err, val_err, target_err):
    """Name the problem shown by learning curves: "high_bias", "high_variance" or "good"."""
    train = sum(train_err) / len(train_err)
    val = sum(val_err) / len(val_err)
    target = sum(target_err) / len(target_err)
    if train > 1.5 * target:
        return "high_bias"
    if val > 1.5 * target:
        return "high_variance"
    return "good"
