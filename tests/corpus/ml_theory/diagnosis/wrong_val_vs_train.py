# Wrong: compares the validation error with the training error instead of with the target.
def diagnose(train_err, val_err, target_err):
    """Name the problem shown by learning curves: "high_bias", "high_variance" or "good"."""
    train, val, target = train_err[-1], val_err[-1], target_err[-1]
    if train > 1.5 * target:
        return "high_bias"
    if val > 1.5 * train:
        return "high_variance"
    return "good"
