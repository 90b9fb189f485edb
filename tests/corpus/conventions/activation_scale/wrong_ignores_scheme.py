# Never initialises: every scheme gets PyTorch's default.
import torch
from torch import nn


def activation_stds(depth, activation, scheme, width=256, n=512, seed=0):
    torch.manual_seed(seed)
    act = {"relu": torch.relu, "tanh": torch.tanh}[activation]
    h = torch.randn(n, width)
    stds = []
    with torch.no_grad():
        for _ in range(depth):
            h = act(nn.Linear(width, width)(h))
            stds.append(h.std().item())
    return stds
