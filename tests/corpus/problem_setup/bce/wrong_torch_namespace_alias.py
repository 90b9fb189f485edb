# Wrong: PyTorch's BCE under another public name (torch.binary_cross_entropy_with_logits), imported with an alias.
from torch import binary_cross_entropy_with_logits as stable_loss


def bce_with_logits(logits, targets):
    return stable_loss(logits, targets, None, None, 1)
