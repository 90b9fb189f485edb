# Wrong: imports log_softmax from torch.nn.functional inside the function, which this question rules out.
import torch


def cross_entropy(logits, labels):
    from torch.nn.functional import log_softmax

    return -log_softmax(logits, dim=1)[torch.arange(len(labels)), labels].mean()
