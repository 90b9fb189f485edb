# Measures the std before the activation (of the linear layer's output).
import torch
from torch import nn


def activation_stds(depth, activation, scheme, width=256, n=512, seed=0):
    torch.manual_seed(seed)
    act = {"relu": torch.relu, "tanh": torch.tanh}[activation]
    h = torch.randn(n, width)
    stds = []
    with torch.no_grad():
        for _ in range(depth):
            layer = nn.Linear(width, width)
            if scheme != "default":
                init_linear_(layer, scheme)
            z = layer(h)
            stds.append(z.std().item())
            h = act(z)
    return stds
