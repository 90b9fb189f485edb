# Wrong: sums the squared errors instead of averaging them.
def mse(pred, target):
    if pred.shape != target.shape:
        raise ValueError(f"shape mismatch: {tuple(pred.shape)} vs {tuple(target.shape)}")
    return ((pred - target) ** 2).sum()
