# Wrong: the textbook formula on sigmoid probabilities: inf and NaN once the logits are large.
import torch


def bce_with_logits(logits, targets):
    p = torch.sigmoid(logits)
    return -(targets * torch.log(p) + (1 - targets) * torch.log(1 - p)).mean()
