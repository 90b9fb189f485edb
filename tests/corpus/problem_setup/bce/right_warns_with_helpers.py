# Right: the stable form through private helpers (_curve, _check), warning when it sees soft targets.
import warnings

import torch


def _check(targets):
    if ((targets != 0) & (targets != 1)).any():
        warnings.warn("soft targets", stacklevel=2)


def _curve(z):
    return torch.clamp(z, min=0) + torch.log1p(torch.exp(-torch.abs(z)))


def bce_with_logits(logits, targets):
    _check(targets)
    return (_curve(logits) - logits * targets).mean()
