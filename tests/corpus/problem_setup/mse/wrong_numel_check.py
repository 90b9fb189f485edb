# Wrong: checks the number of elements, not the shape, so (4, 1) against (4,) still broadcasts.
def mse(pred, target):
    if pred.numel() != target.numel():
        raise ValueError("pred and target have different sizes")
    return ((pred - target) ** 2).mean()
