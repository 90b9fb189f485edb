# Right: private helpers `_curve`, `_check` and `_case`, and a warning when the curves end below the target.
import warnings


def _curve(values):
    return list(values)[-1]


def _check(err, target):
    return err > 1.5 * target


def _case(train, val, target):
    if _check(train, target):
        return "high_bias"
    return "high_variance" if _check(val, target) else "good"


def diagnose(train_err, val_err, target_err):
    """Name the problem shown by learning curves: "high_bias", "high_variance" or "good"."""
    train, val, target = _curve(train_err), _curve(val_err), _curve(target_err)
    if train < target:
        warnings.warn("training error below the target: the model fits the noise of its training set")
    return _case(train, val, target)
