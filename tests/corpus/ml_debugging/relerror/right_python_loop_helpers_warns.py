# Right: a plain Python loop over the flattened values with a private helper; it prints and warns.
import warnings


def _ratio(u, v):
    return abs(u - v) / max(abs(u), abs(v), 1e-12)


def max_relative_error(a, b):
    worst = 0.0
    for u, v in zip(a.reshape(-1).tolist(), b.reshape(-1).tolist()):
        worst = max(worst, _ratio(u, v))
    print(f"max relative error {worst:.2e}")
    if worst > 1e-2:
        warnings.warn("these two gradients disagree")
    return worst
