# Builds the whole stack as one nn.Sequential first, then runs a float64 batch through it layer by layer.
import torch
from torch import nn


def activation_stds(depth, activation, scheme, width=256, n=512, seed=0):
    torch.manual_seed(seed)
    act = nn.ReLU if activation == "relu" else nn.Tanh
    layers = []
    for _ in range(depth):
        layer = nn.Linear(width, width)
        if scheme != "default":
            init_linear_(layer, scheme)
        layers += [layer, act()]
    model = nn.Sequential(*layers).double()
    h = torch.randn(n, width, dtype=torch.float64)
    stds = []
    with torch.no_grad():
        for i, module in enumerate(model):
            h = module(h)
            if i % 2 == 1:
                stds.append(float(h.std()))
    return stds
