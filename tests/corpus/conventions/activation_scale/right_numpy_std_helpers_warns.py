# Private helpers _layer and _curve, NumPy's (biased) std as np.float64 values, and a warning when the scale collapses.
import warnings

import numpy as np
import torch
from torch import nn


def _layer(width, scheme):
    layer = nn.Linear(width, width)
    return layer if scheme == "default" else init_linear_(layer, scheme)


def _curve(h, layers, act):
    out = []
    for layer in layers:
        h = act(layer(h))
        out.append(np.std(h.numpy()).astype(np.float64))
    return out


def activation_stds(depth, activation, scheme, width=256, n=512, seed=0):
    torch.manual_seed(seed)
    layers = [_layer(width, scheme) for _ in range(depth)]
    x = torch.randn(n, width)
    act = torch.relu if activation == "relu" else torch.tanh
    with torch.no_grad():
        stds = _curve(x, layers, act)
    if stds[-1] < 1e-3:
        warnings.warn(f"{activation}/{scheme}: the activations' std fell to {stds[-1]:.2g}")
    return stds
