# Wrong: one BCE over the concatenated real and fake batch: a single mean, not the sum of two means.
import torch
import torch.nn.functional as F


def gan_losses(d_real_logits, d_fake_logits):
    logits = torch.cat([d_real_logits.flatten(), d_fake_logits.flatten()])
    targets = torch.cat([torch.ones(d_real_logits.numel()), torch.zeros(d_fake_logits.numel())]).to(logits.dtype)
    d_loss = F.binary_cross_entropy_with_logits(logits, targets)
    g_loss = F.binary_cross_entropy_with_logits(d_fake_logits, torch.ones_like(d_fake_logits))
    return d_loss, g_loss
