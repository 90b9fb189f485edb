# Jacobian through torch.autograd.functional, batch_first modules, random initial states, float64.
import torch
from torch import nn


def hidden_gradient_norm(cell, T, hidden=32, seed=0):
    torch.manual_seed(seed)
    kind = {"rnn": nn.RNN, "lstm": nn.LSTM}[cell]
    net = kind(4, hidden, batch_first=True).to(torch.float64)
    if cell == "lstm":
        with torch.no_grad():
            for name in ("bias_ih_l0", "bias_hh_l0"):
                getattr(net, name)[hidden:2 * hidden] = 1.0 if name == "bias_ih_l0" else 0.0
    xs = torch.randn(1, T, 4, dtype=torch.float64)
    h0 = torch.randn(1, 1, hidden, dtype=torch.float64)
    c0 = torch.randn(1, 1, hidden, dtype=torch.float64)

    def final_sum(start):
        if cell == "rnn":
            return net(xs, start)[1].sum()
        return net(xs, (h0, start))[1][0].sum()

    jac = torch.autograd.functional.jacobian(final_sum, h0 if cell == "rnn" else c0)
    return float(jac.flatten().pow(2).sum().sqrt())
