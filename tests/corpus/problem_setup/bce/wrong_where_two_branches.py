# Wrong: torch.where over two branches that each overflow on one side: right values, NaN gradients.
import torch


def bce_with_logits(logits, targets):
    positive = (1 - targets) * logits + torch.log1p(torch.exp(-logits))
    negative = -targets * logits + torch.log1p(torch.exp(logits))
    return torch.where(logits >= 0, positive, negative).mean()
