"""Inputs and a plot for the gradient-check notebook (`ml_debugging`, gradient_check.ipynb).

Nothing here computes a numerical gradient or a relative error: those are the learner's.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes


def make_input(seed: int = 0, shape: tuple[int, ...] = (2, 3, 4)) -> torch.Tensor:
    """A float64 tensor of standard normal values; by default a batch of 2 sequences of 3 vectors of 4 features."""
    gen = torch.Generator().manual_seed(seed)
    return torch.randn(shape, generator=gen, dtype=torch.float64)


def make_weight(seed: int = 0, size: int = 4) -> torch.Tensor:
    """A square float64 weight matrix of standard normal values scaled by 1/sqrt(size), as a layer's init would."""
    gen = torch.Generator().manual_seed(10_000 + seed)
    return torch.randn(size, size, generator=gen, dtype=torch.float64) / math.sqrt(size)


def autograd_gradient(f: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """The gradient of the scalar `f` at `x` as autograd computes it: through the backward of every operation on
    the way, custom `torch.autograd.Function`s included. `x` itself is left as it is (a copy is differentiated)."""
    leaf = x.detach().clone().requires_grad_(True)
    f(leaf).backward()
    assert leaf.grad is not None
    return leaf.grad.detach()


def plot_eps_sweep(eps: Sequence[float], errors: Mapping[str, Sequence[float]], ax: Axes | None = None) -> Axes:
    """Relative error of a numerical gradient against its step eps, on log-log axes, one line per precision.

    A dot marks the smallest error of each line; errors that are 0, inf or NaN are left out (a log axis cannot
    show them).
    """
    if ax is None:
        _, ax = plt.subplots()
    steps = np.asarray(eps, dtype=np.float64)
    for name, values in errors.items():
        err = np.asarray(values, dtype=np.float64)
        err = np.where(np.isfinite(err) & (err > 0), err, np.nan)
        (line,) = ax.loglog(steps, err, marker=".", ms=4, lw=1.5, label=name)
        if np.isfinite(err).any():
            best = int(np.nanargmin(err))
            ax.plot(steps[best], err[best], "o", ms=9, mfc="none", mew=2, color=line.get_color())
            ax.annotate(
                f"eps {steps[best]:.0e}",
                (steps[best], err[best]),
                textcoords="offset points",
                xytext=(0, -16),
                ha="center",
                fontsize="small",
                color=line.get_color(),
            )
    ax.set_xlabel("eps (step of the central difference)")
    ax.set_ylabel("max relative error")
    ax.legend(fontsize="small")
    return ax
