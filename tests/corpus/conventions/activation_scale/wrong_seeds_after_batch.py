# Draws the batch before seeding: the result depends on the random state before the call.
import torch
from torch import nn


def activation_stds(depth, activation, scheme, width=256, n=512, seed=0):
    h = torch.randn(n, width)
    torch.manual_seed(seed)
    act = {"relu": torch.relu, "tanh": torch.tanh}[activation]
    stds = []
    with torch.no_grad():
        for _ in range(depth):
            layer = nn.Linear(width, width)
            if scheme != "default":
                init_linear_(layer, scheme)
            h = act(layer(h))
            stds.append(h.std().item())
    return stds
