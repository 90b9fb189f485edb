# Wrong: sums over the batch instead of averaging.
import torch


def cross_entropy(logits, labels):
    picked = logits[torch.arange(logits.shape[0]), labels]
    return (torch.logsumexp(logits, dim=1) - picked).sum()
