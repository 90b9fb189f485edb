# Right: softplus losses returned as a namedtuple (a tuple subclass), with a print.
from collections import namedtuple

import torch.nn.functional as F

GanLosses = namedtuple("GanLosses", ["discriminator", "generator"])


def gan_losses(d_real_logits, d_fake_logits):
    out = GanLosses(F.softplus(-d_real_logits).mean() + F.softplus(d_fake_logits).mean(),
                    F.softplus(-d_fake_logits).mean())
    print("gan losses:", float(out.discriminator), float(out.generator))
    return out
