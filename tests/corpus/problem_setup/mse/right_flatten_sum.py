# Right: other names, flattens and divides the sum of squares by the element count.
import torch


def mse(predictions, targets):
    if predictions.size() != targets.size():
        raise ValueError("predictions and targets must have the same shape")
    errors = (predictions - targets).flatten()
    return torch.sum(errors * errors) / errors.numel()
