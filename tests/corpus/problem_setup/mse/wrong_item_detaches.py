# Wrong: goes through .item(), so the loss is a new tensor with no gradient.
import torch


def mse(pred, target):
    if pred.shape != target.shape:
        raise ValueError(f"shape mismatch: {tuple(pred.shape)} vs {tuple(target.shape)}")
    return torch.tensor(((pred - target) ** 2).mean().item())
