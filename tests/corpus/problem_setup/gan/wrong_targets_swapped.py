# Wrong: the discriminator's targets are swapped (real against 0, fake against 1).
import torch
import torch.nn.functional as F


def gan_losses(d_real_logits, d_fake_logits):
    bce = F.binary_cross_entropy_with_logits
    d_loss = bce(d_real_logits, torch.zeros_like(d_real_logits)) + bce(d_fake_logits, torch.ones_like(d_fake_logits))
    g_loss = bce(d_fake_logits, torch.ones_like(d_fake_logits))
    return d_loss, g_loss
