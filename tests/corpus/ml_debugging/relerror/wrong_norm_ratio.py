# Wrong: a ratio of norms, ||a - b|| / max(||a||, ||b||), not the largest error of any element.
def max_relative_error(a, b):
    scale = max(a.norm().item(), b.norm().item(), 1e-12)
    return (a - b).norm().item() / scale
