# Wrong: no floor in the denominator, so two zeros give 0/0 = nan and the maximum is nan.
def max_relative_error(a, b):
    return ((a - b).abs() / torch.maximum(a.abs(), b.abs())).max().item()
