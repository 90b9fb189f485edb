# Right: torch.square and torch.mean, with the check written as a helper.
import torch


def _same_shape(a, b):
    return a.dim() == b.dim() and all(x == y for x, y in zip(a.shape, b.shape))


def mse(pred, target):
    if not _same_shape(pred, target):
        raise ValueError(f"mse: shapes {tuple(pred.shape)} and {tuple(target.shape)} differ")
    return torch.mean(torch.square(pred - target))
