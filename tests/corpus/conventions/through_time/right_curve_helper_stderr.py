# A private helper _curve runs the module; it writes to sys.stderr and returns a NumPy float64.
import sys

import numpy as np
import torch
from torch import nn


def _curve(net, xs, state, start):
    _, final = net(xs, state)
    h_T = final[0] if isinstance(final, tuple) else final
    (grad,) = torch.autograd.grad(h_T.sum(), start)
    return grad


def hidden_gradient_norm(cell, T, hidden=32, seed=0):
    torch.manual_seed(seed)
    if cell not in ("rnn", "lstm"):
        raise ValueError(cell)
    net = (nn.LSTM if cell == "lstm" else nn.RNN)(8, hidden).double()
    if cell == "lstm":
        with torch.no_grad():
            net.bias_ih_l0[hidden:2 * hidden].fill_(1.0)
            net.bias_hh_l0[hidden:2 * hidden].fill_(0.0)
    xs = torch.randn(T, 1, 8, dtype=torch.float64)
    h0 = torch.zeros(1, 1, hidden, dtype=torch.float64, requires_grad=True)
    c0 = torch.zeros(1, 1, hidden, dtype=torch.float64, requires_grad=True)
    state, start = ((h0, c0), c0) if cell == "lstm" else (h0, h0)
    norm = np.float64(np.linalg.norm(_curve(net, xs, state, start).numpy()))
    print(f"{cell} T={T}: {norm:.3g}", file=sys.stderr)
    return norm
