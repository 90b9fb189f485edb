# Right: a small helper for "near the target", NumPy for the final values.
def diagnose(train_err, val_err, target_err):
    """Name the problem shown by learning curves: "high_bias", "high_variance" or "good"."""
    final_train, final_val, final_target = (float(np.asarray(c)[-1]) for c in (train_err, val_err, target_err))

    def near(err):
        return err <= 1.5 * final_target

    if not near(final_train):
        return "high_bias"
    elif not near(final_val):
        return "high_variance"
    else:
        return "good"
