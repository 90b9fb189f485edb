# Wrong: reads the first point of each curve (the smallest training set) instead of the final one.
def diagnose(train_err, val_err, target_err):
    """Name the problem shown by learning curves: "high_bias", "high_variance" or "good"."""
    train, val, target = train_err[0], val_err[0], target_err[0]
    if train > 1.5 * target:
        return "high_bias"
    if val > 1.5 * target:
        return "high_variance"
    return "good"
