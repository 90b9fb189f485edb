# Records the mean of the activations instead of their standard deviation (abs taken to keep it positive).
import torch
from torch import nn


def activation_stds(depth, activation, scheme, width=256, n=512, seed=0):
    torch.manual_seed(seed)
    act = {"relu": torch.relu, "tanh": torch.tanh}[activation]
    h = torch.randn(n, width)
    out = []
    with torch.no_grad():
        for _ in range(depth):
            layer = nn.Linear(width, width)
            if scheme != "default":
                init_linear_(layer, scheme)
            h = act(layer(h))
            out.append(h.mean().abs().item())
    return out
