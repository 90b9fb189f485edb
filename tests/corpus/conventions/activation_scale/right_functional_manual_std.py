# Uses each layer's weight and bias through F.linear, and computes the std by hand, printing the last one.
import math

import torch
import torch.nn.functional as F
from torch import nn


def activation_stds(depth, activation, scheme, width=256, n=512, seed=0):
    torch.manual_seed(seed)
    h = torch.randn(n, width)
    stds = []
    for _ in range(depth):
        layer = nn.Linear(width, width)
        if scheme in ("xavier", "he"):
            init_linear_(layer, scheme)
        with torch.no_grad():
            z = F.linear(h, layer.weight, layer.bias)
            h = z.clamp(min=0) if activation == "relu" else torch.tanh(z)
        m = h.mean()
        stds.append(math.sqrt(((h - m) ** 2).sum().item() / (h.numel() - 1)))
    print(f"{activation}, {scheme}: {stds[-1]:.3g} after {depth} layers")
    return stds
