# Right: picks the label's logit with a one-hot mask.
import torch
import torch.nn.functional as F


def cross_entropy(logits, labels):
    mask = F.one_hot(labels, num_classes=logits.shape[1]).to(logits.dtype)
    return torch.mean(torch.logsumexp(logits, 1) - (mask * logits).sum(1))
