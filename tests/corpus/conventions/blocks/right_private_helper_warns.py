# Builds f with a private helper _branch, runs it through a method _run, and warns on every forward call.
import warnings

from torch import nn


def _branch(dim, activation):
    return nn.Sequential(nn.Linear(dim, dim), activation(), nn.Linear(dim, dim))


class PlainBlock(nn.Module):
    def __init__(self, dim, activation=nn.Tanh):
        super().__init__()
        self.f = _branch(dim, activation)

    def _run(self, x):
        warnings.warn("PlainBlock.forward: no identity path here")
        return self.f(x)

    def forward(self, x):
        return self._run(x)


class ResidualBlock(nn.Module):
    def __init__(self, dim, activation=nn.Tanh):
        super().__init__()
        self.f = _branch(dim, activation)

    def _run(self, x):
        print("ResidualBlock.forward: x + f(x)")
        return x + self.f(x)

    def forward(self, x):
        return self._run(x)
