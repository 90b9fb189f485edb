# Right: the reference mse, which also writes a line to sys.stderr on every call (output is not graded).
import sys


def mse(pred, target):
    if pred.shape != target.shape:
        raise ValueError(f"mse: shapes {tuple(pred.shape)} and {tuple(target.shape)} differ")
    print(f"mse on shape {tuple(pred.shape)}", file=sys.stderr)
    return ((pred - target) ** 2).mean()
