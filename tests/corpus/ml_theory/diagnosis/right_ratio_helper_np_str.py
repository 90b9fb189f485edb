# Right: a private helper `_ratio`, returns np.str_ labels, and prints what it read.
def _ratio(curve, target_curve):
    return float(curve[-1]) / float(target_curve[-1])


def diagnose(train_err, val_err, target_err):
    """Name the problem shown by learning curves: "high_bias", "high_variance" or "good"."""
    train, val = _ratio(train_err, target_err), _ratio(val_err, target_err)
    print(f"final train / target = {train:.2f}, final val / target = {val:.2f}")
    labels = np.array(["high_bias", "high_variance", "good"])
    if train > 1.5:
        return labels[0]
    if val > 1.5:
        return labels[1]
    return labels[2]
