# Wrong: no shape check, so (N, 1) against (N,) silently broadcasts to (N, N).
def mse(pred, target):
    return ((pred - target) ** 2).mean()
