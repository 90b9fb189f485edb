# Wrong: returns a 0-d tensor instead of a Python float.
def max_relative_error(a, b):
    scale = torch.maximum(a.abs(), b.abs()).clamp_min(1e-12)
    return ((a - b).abs() / scale).max()
