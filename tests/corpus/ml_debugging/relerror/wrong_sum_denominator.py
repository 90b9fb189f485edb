# Wrong: divides by |a| + |b| (the CS231n variant), not by the larger of the two as asked: up to half the error.
def max_relative_error(a, b):
    return ((a - b).abs() / (a.abs() + b.abs()).clamp_min(1e-12)).max().item()
