# Right: max(z, 0) via relu, log(1 + e^-|z|) without log1p, and an explicit sum / count.
import torch


def bce_with_logits(logits, targets):
    per_element = torch.relu(logits) - logits * targets + torch.log(1 + torch.exp(-logits.abs()))
    return per_element.sum() / per_element.numel()
