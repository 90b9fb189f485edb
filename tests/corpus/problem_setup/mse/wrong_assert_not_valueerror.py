# Wrong: checks the shapes with assert, which raises AssertionError instead of ValueError.
def mse(pred, target):
    assert pred.shape == target.shape, f"shape mismatch: {tuple(pred.shape)} vs {tuple(target.shape)}"
    return ((pred - target) ** 2).mean()
