# Wrong: calls PyTorch's built-in, which this question rules out.
import torch.nn.functional as F


def bce_with_logits(logits, targets):
    return F.binary_cross_entropy_with_logits(logits, targets)
