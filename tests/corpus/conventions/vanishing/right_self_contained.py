# Self-contained: its own stack of Linear/Sigmoid layers with skip connections and its own norms.
import torch
from torch import nn


class _Stack(nn.Module):
    def __init__(self, depth, residual):
        super().__init__()
        self.residual = residual
        self.branches = nn.ModuleList(
            nn.Sequential(nn.Linear(32, 32), nn.Sigmoid(), nn.Linear(32, 32)) for _ in range(depth))

    def forward(self, h):
        for f in self.branches:
            h = h + f(h) if self.residual else f(h)
        return h


def gradient_ratio(depth, residual, seed=0):
    torch.manual_seed(seed)
    stack = _Stack(depth, residual)
    x, y = torch.randn(64, 32), torch.randn(64, 32)
    loss = ((stack(x) - y) ** 2).mean()
    first, last = stack.branches[0], stack.branches[-1]
    g_first = torch.autograd.grad(loss, list(first.parameters()), retain_graph=True)
    g_last = torch.autograd.grad(loss, list(last.parameters()))
    norm = lambda gs: sum((g.double() ** 2).sum() for g in gs).sqrt().item()
    return norm(g_first) / norm(g_last)
