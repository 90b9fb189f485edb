# Right: divides by the target first, and tests the "good" case before the others.
def diagnose(train_err, val_err, target_err):
    """Name the problem shown by learning curves: "high_bias", "high_variance" or "good"."""
    target = target_err[-1]
    train_ratio = train_err[-1] / target
    val_ratio = val_err[-1] / target
    if train_ratio <= 1.5 and val_ratio <= 1.5:
        return "good"
    return "high_bias" if train_ratio > 1.5 else "high_variance"
