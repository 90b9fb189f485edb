# Wrong: (1 - y) z + log(1 + e^-z) is only stable for positive logits: e^-z overflows for z << 0.
import torch


def bce_with_logits(logits, targets):
    return ((1 - targets) * logits + torch.log1p(torch.exp(-logits))).mean()
