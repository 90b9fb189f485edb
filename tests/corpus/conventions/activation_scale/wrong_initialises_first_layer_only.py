# Applies init_linear_ to the first layer only; the others keep PyTorch's default.
import torch
from torch import nn


def activation_stds(depth, activation, scheme, width=256, n=512, seed=0):
    torch.manual_seed(seed)
    act = {"relu": torch.relu, "tanh": torch.tanh}[activation]
    h = torch.randn(n, width)
    stds = []
    with torch.no_grad():
        for i in range(depth):
            layer = nn.Linear(width, width)
            if scheme != "default" and i == 0:
                init_linear_(layer, scheme)
            h = act(layer(h))
            stds.append(h.std().item())
    return stds
