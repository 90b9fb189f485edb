# Wrong: logs of sigmoid probabilities: inf or NaN once the discriminator is confident.
import torch


def gan_losses(d_real_logits, d_fake_logits):
    p_real, p_fake = torch.sigmoid(d_real_logits), torch.sigmoid(d_fake_logits)
    d_loss = -torch.log(p_real).mean() - torch.log(1 - p_fake).mean()
    g_loss = -torch.log(p_fake).mean()
    return d_loss, g_loss
