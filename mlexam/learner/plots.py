"""Plots shared by the notebooks and the explorers."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import matplotlib.transforms as mtransforms
from matplotlib.axes import Axes


def plot_curves(
    curves: Mapping[str, Sequence[float]],
    title: str = "",
    ax: Axes | None = None,
    log: bool | None = None,
) -> Axes:
    """Plot loss curves by step.

    A curve that turns inf or NaN gets an x at the top of the axes where it first does.
    `log=None` picks a log scale when the finite losses span more than a factor of 20.
    """
    if ax is None:
        _, ax = plt.subplots()
    top_marker = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    finite = [v for losses in curves.values() for v in losses if math.isfinite(v) and v > 0]
    diverged = False
    for name, losses in curves.items():
        (line,) = ax.plot(range(len(losses)), losses, label=name, lw=1.5)
        bad = next((i for i, v in enumerate(losses) if not math.isfinite(v)), None)
        if bad is not None:
            ax.plot(bad, 0.96, "x", ms=10, mew=2.5, color=line.get_color(), transform=top_marker, clip_on=False)
            line.set_label(f"{name}: inf/NaN from step {bad}")
            diverged = True
    if log is None:
        log = bool(finite) and max(finite) / min(finite) > 20
    if log:
        ax.set_yscale("log")
    ax.set_xlim(0, max((len(c) for c in curves.values()), default=1))
    ax.set_xlabel("step")
    ax.set_ylabel("loss")
    if title:
        ax.set_title(title)
    if len(curves) > 1 or diverged:
        ax.legend(fontsize="small")
    return ax
