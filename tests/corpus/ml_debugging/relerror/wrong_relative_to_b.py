# Wrong: |a - b| / |b| only (with the floor), so the error depends on the order of the arguments.
def max_relative_error(a, b):
    return ((a - b).abs() / b.abs().clamp_min(1e-12)).max().item()
