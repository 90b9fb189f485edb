# Right: checks the shapes, then calls PyTorch's own F.mse_loss (allowed here).
import torch.nn.functional as F


def mse(pred, target):
    if tuple(pred.shape) != tuple(target.shape):
        raise ValueError(f"cannot compare shapes {list(pred.shape)} and {list(target.shape)}")
    return F.mse_loss(pred, target)
