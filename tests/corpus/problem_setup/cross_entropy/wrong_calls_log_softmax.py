# Wrong: uses F.log_softmax, which this question rules out.
import torch
import torch.nn.functional as F


def cross_entropy(logits, labels):
    return -F.log_softmax(logits, dim=1)[torch.arange(len(labels)), labels].mean()
