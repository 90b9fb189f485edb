# Written with keyword arguments, type hints, an explicit self.f.forward call and torch.add.
import torch
from torch import nn


class PlainBlock(nn.Module):
    def __init__(self, dim: int, activation=nn.Tanh) -> None:
        nn.Module.__init__(self)
        self.f = nn.Sequential(nn.Linear(in_features=dim, out_features=dim), activation(),
                               nn.Linear(in_features=dim, out_features=dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.f.forward(x)


class ResidualBlock(nn.Module):
    def __init__(self, dim: int, activation=nn.Tanh) -> None:
        nn.Module.__init__(self)
        self.f = nn.Sequential(nn.Linear(in_features=dim, out_features=dim), activation(),
                               nn.Linear(in_features=dim, out_features=dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.add(x, self.f(x))
