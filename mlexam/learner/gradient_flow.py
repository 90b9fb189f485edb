"""Plots for the gradient-flow notebook (`conventions`): gradient norms on a log scale."""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import matplotlib.transforms as mtransforms
from matplotlib.axes import Axes
from matplotlib.lines import Line2D


def plot_norms(
    x: Sequence[float],
    norms: Sequence[float],
    label: str | None = None,
    ax: Axes | None = None,
    **line_kwargs,
) -> Line2D:
    """Plot gradient norms against `x` on a logarithmic y-axis.

    A log scale cannot show 0.0, yet 0.0 is what a float32 norm becomes when the gradient is far
    too small (its squares underflow). Such points get a triangle at the bottom of the axes, in the
    colour of their line, so that "exactly zero" stays visible.
    """
    if ax is None:
        _, ax = plt.subplots()
    x, norms = list(x), [float(v) for v in norms]
    shown = [v if math.isfinite(v) and v > 0 else math.nan for v in norms]
    (line,) = ax.plot(x, shown, label=label, **line_kwargs)
    zeros = [xi for xi, v in zip(x, norms) if v == 0.0]
    if zeros:
        bottom = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
        ax.plot(
            zeros,
            [0.02] * len(zeros),
            "v",
            ms=5,
            color=line.get_color(),
            transform=bottom,
            clip_on=False,
            alpha=line.get_alpha(),
        )
    ax.set_yscale("log")
    return line
