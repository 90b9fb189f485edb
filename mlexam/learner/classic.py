"""Small data sets and plots for the classic-algorithms notebook (`algorithms`).

Everything is made in code from a seed: Gaussian blobs (for logistic regression and k-means) and
two interleaved half moons (a class boundary no straight line can draw). The helpers here make and
draw data; the algorithms themselves are the notebook's questions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

COLORS = ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown")


def make_blobs(
    n_per_blob: int,
    centers: Sequence[Sequence[float]],
    std: float = 1.0,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian blobs: `n_per_blob` points around each centre, with standard deviation `std`.

    Returns `X` (n, d) float64 and `y` (n,) int64, the index of each point's blob; points come
    blob by blob, in the order of `centers`.
    """
    gen = np.random.default_rng(seed)
    centers = np.asarray(centers, dtype=np.float64)
    X = np.concatenate([c + std * gen.standard_normal((n_per_blob, centers.shape[1])) for c in centers])
    y = np.repeat(np.arange(len(centers)), n_per_blob)
    return X, y


def make_moons(n: int, noise: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles, `n` points in all (half per class), with Gaussian `noise`.

    Class 0 is the upper moon, class 1 the lower one, shifted right; the points come shuffled.
    Returns `X` (n, 2) float64 and `y` (n,) int64.
    """
    gen = np.random.default_rng(seed)
    n0 = n // 2
    angle = gen.uniform(0.0, np.pi, n)
    upper = np.stack([np.cos(angle[:n0]), np.sin(angle[:n0])], axis=1)
    lower = np.stack([1.0 - np.cos(angle[n0:]), 0.5 - np.sin(angle[n0:])], axis=1)
    X = np.concatenate([upper, lower]) + noise * gen.standard_normal((n, 2))
    y = np.concatenate([np.zeros(n0, dtype=np.int64), np.ones(n - n0, dtype=np.int64)])
    order = gen.permutation(n)
    return X[order], y[order]


def grid_over(X: np.ndarray, steps: int = 60, margin: float = 0.5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A regular grid over the range of the 2-D points `X`: (xx, yy, points (steps**2, 2))."""
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], steps), np.linspace(lo[1], hi[1], steps))
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def scatter_classes(ax: Axes, X: np.ndarray, y: np.ndarray, size: float = 12.0) -> None:
    """The 2-D points `X`, coloured by their integer label `y`."""
    for label in np.unique(y):
        mine = y == label
        ax.scatter(X[mine, 0], X[mine, 1], s=size, color=COLORS[int(label) % len(COLORS)], label=f"class {label}")


def plot_regions(
    ax: Axes,
    predict: Callable[[np.ndarray], np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    title: str = "",
    steps: int = 60,
) -> None:
    """Colour the plane by the class `predict` gives each point of a grid, and draw the data on top."""
    xx, yy, points = grid_over(X, steps)
    regions = np.asarray(predict(points), dtype=np.float64).reshape(xx.shape)
    ax.contourf(xx, yy, regions, levels=[-0.5, 0.5, 1.5], colors=COLORS[:2], alpha=0.18)
    ax.contour(xx, yy, regions, levels=[0.5], colors="k", linewidths=0.8)
    scatter_classes(ax, X, y, size=8.0)
    ax.set_title(title, fontsize="medium")
    ax.set_xticks([])
    ax.set_yticks([])


def plot_kmeans_rounds(
    X: np.ndarray,
    rounds: Sequence[tuple[int, np.ndarray, np.ndarray]],
    init: np.ndarray,
) -> Figure:
    """One panel per entry `(round, centres, labels)`: the points coloured by their cluster, the
    centres as crosses, and the path each centre took from its start `init` (black circles)."""
    fig, axes = plt.subplots(1, len(rounds), figsize=(2.6 * len(rounds), 2.8), sharex=True, sharey=True)
    axes = np.atleast_1d(axes)
    for ax, (t, centres, labels) in zip(axes, rounds):
        for j in range(len(centres)):
            mine = np.asarray(labels) == j
            ax.scatter(X[mine, 0], X[mine, 1], s=5, color=COLORS[j % len(COLORS)], alpha=0.6)
        ax.scatter(init[:, 0], init[:, 1], s=40, facecolors="none", edgecolors="k", linewidths=1.2)
        for j, (start, end) in enumerate(zip(init, centres)):
            ax.plot([start[0], end[0]], [start[1], end[1]], color="k", lw=0.8, ls=":")
            ax.scatter(end[0], end[1], marker="X", s=90, color=COLORS[j % len(COLORS)], edgecolors="k")
        ax.set_title(f"after round {t}", fontsize="medium")
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    return fig


def logistic_loss(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, l2: float = 0.0) -> float:
    """The mean binary cross-entropy of the logistic model `sigmoid(X @ w + b)` on (X, y), plus
    `l2 / 2 * ||w||^2`; computed from the logits with `np.logaddexp`, so it stays finite for large |z|."""
    z = np.asarray(X, dtype=np.float64) @ np.asarray(w, dtype=np.float64) + float(b)
    y = np.asarray(y, dtype=np.float64)
    # -[y log p + (1 - y) log(1 - p)] with log p = -log(1 + e^-z) and log(1 - p) = -log(1 + e^z)
    bce = y * np.logaddexp(0.0, -z) + (1.0 - y) * np.logaddexp(0.0, z)
    return float(bce.mean() + l2 / 2 * np.dot(w, w))
