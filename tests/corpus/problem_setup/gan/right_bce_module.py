# Right: an nn.BCEWithLogitsLoss module, targets made with torch.full_like.
import torch
from torch import nn

_criterion = nn.BCEWithLogitsLoss()


def gan_losses(d_real_logits, d_fake_logits):
    real_part = _criterion(d_real_logits, torch.full_like(d_real_logits, 1.0))
    fake_part = _criterion(d_fake_logits, torch.full_like(d_fake_logits, 0.0))
    return real_part + fake_part, _criterion(d_fake_logits, torch.full_like(d_fake_logits, 1.0))
