# Right: written with log-sigmoid: -log D(x) = -logsigmoid(x), -log(1 - D(x)) = -logsigmoid(-x).
import torch.nn.functional as F


def gan_losses(d_real_logits, d_fake_logits):
    discriminator = -F.logsigmoid(d_real_logits).mean() - F.logsigmoid(-d_fake_logits).mean()
    generator = -F.logsigmoid(d_fake_logits).mean()
    return discriminator, generator
