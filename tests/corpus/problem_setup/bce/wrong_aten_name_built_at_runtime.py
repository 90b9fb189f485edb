# Wrong: PyTorch's BCE reached through torch.ops.aten by a name built at run time (it still runs).
import torch


def bce_with_logits(logits, targets):
    op = getattr(torch.ops.aten, "binary_cross_" + "entropy_with_logits")
    return op(logits, targets)
