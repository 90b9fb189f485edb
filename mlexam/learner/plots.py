"""Plots shared by the notebooks and the explorers."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import matplotlib.transforms as mtransforms
from matplotlib.axes import Axes


def mark_nonfinite(
    ax: Axes, x: Sequence[float], y: Sequence[float], color: str, label: str | None = None
) -> int | None:
    """Mark along the top of `ax` where `y` is inf or NaN (the line itself breaks there): each stretch of `x` as a
    band in `color`, a tick at each end, with "label: inf" or "label: NaN" under it when `label` is given.
    Returns the index of the first such value, or None."""
    top = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    for kind, bad in (("inf", math.isinf), ("NaN", math.isnan)):
        runs: list[list[float]] = []  # [first x, last x, last index]
        for i, v in enumerate(y):
            if not bad(v):
                continue
            if runs and runs[-1][2] == i - 1:
                runs[-1][1:] = [x[i], i]
            else:
                runs.append([x[i], x[i], i])
        for x0, x1, _ in runs:
            style = {"color": color, "transform": top, "clip_on": False}
            ax.plot([x0, x1], [0.97, 0.97], lw=5, solid_capstyle="butt", marker="|", ms=10, mew=2, **style)
            if label:
                ax.text((x0 + x1) / 2, 0.93, f"{label}: {kind}", ha="center", va="top", fontsize="small", **style)
    return next((i for i, v in enumerate(y) if not math.isfinite(v)), None)


def plot_curves(
    curves: Mapping[str, Sequence[float]],
    title: str = "",
    ax: Axes | None = None,
    log: bool | None = None,
) -> Axes:
    """Plot loss curves by step.

    Where a curve is inf or NaN, a band along the top of the axes says so (`mark_nonfinite`), and its legend
    gives the first step.
    `log=None` picks a log scale when the finite losses span more than a factor of 20.
    """
    if ax is None:
        _, ax = plt.subplots()
    finite = [v for losses in curves.values() for v in losses if math.isfinite(v) and v > 0]
    diverged = False
    for name, losses in curves.items():
        (line,) = ax.plot(range(len(losses)), losses, label=name, lw=1.5)
        bad = mark_nonfinite(ax, range(len(losses)), losses, line.get_color())
        if bad is not None:
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
