# Wrong: the mean relative error over the elements, which dilutes one wrong element among many.
def max_relative_error(a, b):
    scale = torch.maximum(a.abs(), b.abs()).clamp_min(1e-12)
    return ((a - b).abs() / scale).mean().item()
