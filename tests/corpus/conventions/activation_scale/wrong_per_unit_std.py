# The std across the batch for each unit, averaged over units, instead of the std of all values.
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
            h = act(layer(h))
            stds.append(h.std(dim=0).mean().item())
    return stds
