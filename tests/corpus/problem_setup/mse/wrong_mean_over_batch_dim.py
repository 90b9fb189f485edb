# Wrong: averages over dim 0 only, so 2-D inputs give a vector instead of one number.
def mse(pred, target):
    if pred.shape != target.shape:
        raise ValueError(f"shape mismatch: {tuple(pred.shape)} vs {tuple(target.shape)}")
    return ((pred - target) ** 2).mean(dim=0)
