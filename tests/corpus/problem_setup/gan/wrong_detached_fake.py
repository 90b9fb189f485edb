# Wrong: detaches the fake logits in the discriminator loss (confusing it with detaching G's output).
import torch.nn.functional as F


def gan_losses(d_real_logits, d_fake_logits):
    d_loss = F.softplus(-d_real_logits).mean() + F.softplus(d_fake_logits.detach()).mean()
    g_loss = F.softplus(-d_fake_logits).mean()
    return d_loss, g_loss
