"""Data for the normalisation notebook (`conventions`): two small problems made in code.

Both draw from their own seeded generator, so they leave PyTorch's global random state alone.
Nothing here computes a graded answer.
"""

from __future__ import annotations

import torch


def make_blobs(n: int = 256, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Two overlapping Gaussian classes in the plane: `(x, labels)`.

    Half the points (label 0) are centred at (-1, 0), half (label 1) at (1, 0), each with unit
    standard deviation in both directions, in random order. `x` is float32 of shape (n, 2),
    `labels` int64 of shape (n,).
    """
    gen = torch.Generator().manual_seed(seed)
    labels = torch.arange(n) % 2
    labels = labels[torch.randperm(n, generator=gen)]
    x = torch.randn(n, 2, generator=gen)
    x[:, 0] += 2.0 * labels - 1.0
    return x, labels


def make_wave(n: int = 512, freq: float = 6.0, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """A wavy regression target on the square [-1, 1]^2: `(x, y)`.

    `x` is uniform on the square, shape (n, 2); `y = sin(freq x_1) cos(freq x_2)`, shape (n, 1),
    both float32. With `freq=6` the surface has about four bumps along each side: a small network
    fits it in a few hundred steps, but not at once.
    """
    gen = torch.Generator().manual_seed(seed)
    x = 2.0 * torch.rand(n, 2, generator=gen) - 1.0
    y = torch.sin(freq * x[:, :1]) * torch.cos(freq * x[:, 1:2])
    return x, y
