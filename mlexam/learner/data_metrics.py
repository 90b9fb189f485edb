"""Data and plots for the data-and-metrics notebook (`problem_setup`).

Nothing here splits data, finds neighbours, counts errors or picks a threshold: the notebook's own
functions do that, and the plots only draw the numbers they are given.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection

N_GROUPS, PER_GROUP, DIM = 50, 8, 16
NOISE_STD = 0.3  # spread of one user's examples around the user's centre (centres are N(0, 1) per feature)
N_POSTS, N_POSITIVE = 10_000, 100


def make_grouped_data(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """400 examples from 50 "users", 8 each, in shuffled order: (x, y, groups).

    `x` (400, 16) float64: each user has a random centre (standard normal features) and each of its
    examples is that centre plus small noise (standard deviation 0.3). `y` (400,) int64: a label in
    {0, 1} drawn at random once per user (25 users of each label, in random order) and shared by all of
    the user's examples. `groups` (400,) int64: the user (0..49) of each example. Labels are independent
    of everything a model could learn across users, so the honest accuracy of any model on new users is
    50% in expectation.
    """
    rng = np.random.default_rng(seed)
    centres = rng.normal(0.0, 1.0, (N_GROUPS, DIM))
    user_label = rng.permutation(np.repeat([0, 1], N_GROUPS // 2))
    groups = rng.permutation(np.repeat(np.arange(N_GROUPS), PER_GROUP))
    x = centres[groups] + NOISE_STD * rng.normal(size=(len(groups), DIM))
    return x, user_label[groups].astype(np.int64), groups.astype(np.int64)


def make_content_scores(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A content classifier's scores on 10,000 posts, exactly 100 (1%) of them against the rules.

    Returns (scores, labels): `scores` float64 in [0, 1], rounded to three decimals as many model APIs
    report them (so ties are common); `labels` int64, 1 for a post that breaks the rules. The scores
    are sigmoids of normal logits: mean 1.0 for positives, -3.0 for negatives, standard deviation 1.2.
    """
    rng = np.random.default_rng(seed)
    labels = np.zeros(N_POSTS, np.int64)
    labels[rng.choice(N_POSTS, N_POSITIVE, replace=False)] = 1
    logits = np.where(labels == 1, rng.normal(1.0, 1.2, N_POSTS), rng.normal(-3.0, 1.2, N_POSTS))
    return np.round(1.0 / (1.0 + np.exp(-logits)), 3), labels


def plot_users(x: np.ndarray, y: np.ndarray, groups: np.ndarray, ax: Axes | None = None) -> Axes:
    """The examples projected on their first two principal components, one dot each, coloured by label;
    a thin line joins each example to its user's mean, so every user shows as a small star."""
    ax = ax or plt.gca()
    x = np.asarray(x, dtype=float)
    centred = x - x.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    xy = centred @ vt[:2].T
    groups = np.asarray(groups)
    y = np.asarray(y)
    colours = {0: "tab:blue", 1: "tab:orange"}
    names, which = np.unique(groups, return_inverse=True)
    means = np.array([xy[which.reshape(-1) == k].mean(axis=0) for k in range(len(names))])
    spokes = np.stack([means[which.reshape(-1)], xy], axis=1)  # one segment from each example to its user's mean
    ax.add_collection(LineCollection(spokes, colors="0.75", linewidths=0.6, zorder=1))
    for label, colour in colours.items():
        ax.scatter(*xy[y == label].T, s=9, color=colour, label=f"label {label}", zorder=2)
    ax.set(
        title=f"{len(np.unique(groups))} users, {len(x)} examples",
        xlabel="1st principal component",
        ylabel="2nd principal component",
    )
    ax.legend(fontsize="small", loc="upper right")
    return ax


def plot_split_accuracies(random_split: Sequence[float], group_split: Sequence[float], ax: Axes | None = None) -> Axes:
    """Validation accuracies by seed for the two ways of splitting, one dot per seed, with their means
    and the 50% line of guessing."""
    ax = ax or plt.gca()
    for i, (values, colour) in enumerate([(random_split, "tab:red"), (group_split, "tab:green")]):
        values = np.asarray(values, dtype=float)
        jitter = np.linspace(-0.12, 0.12, len(values)) if len(values) > 1 else np.zeros(len(values))
        ax.scatter(i + jitter, values, color=colour, s=22, zorder=2)
        if len(values):
            ax.hlines(values.mean(), i - 0.2, i + 0.2, color=colour, lw=2.5, zorder=3)
            ax.annotate(f"mean {values.mean():.2f}", (i + 0.22, values.mean()), va="center", fontsize="small")
    ax.axhline(0.5, color="0.3", ls="--", lw=1)
    ax.annotate("guessing", (-0.45, 0.5), va="bottom", ha="left", fontsize="small", color="0.3")
    ax.set(
        xlim=(-0.5, 1.6),
        ylim=(0.0, 1.05),
        xticks=[0, 1],
        ylabel="1-NN validation accuracy",
        title=f"{len(random_split)} seeds, one dot each",
    )
    ax.set_xticklabels(["random split\nof examples", "split by user\n(group_split)"])
    ax.grid(False, axis="x")
    return ax


def plot_pr_curve(
    recall: Sequence[float],
    precision: Sequence[float],
    ax: Axes | None = None,
    operating_point: tuple[float, float] | None = None,
    positive_rate: float | None = None,
    label: str = "classifier",
) -> Axes:
    """A precision-recall curve from the given points (recall on x), optionally with an operating point
    (recall, precision) marked and the precision of flagging everything (`positive_rate`) as a line."""
    ax = ax or plt.gca()
    order = np.argsort(np.asarray(recall, dtype=float), kind="stable")
    r = np.asarray(recall, dtype=float)[order]
    p = np.asarray(precision, dtype=float)[order]
    ax.plot(r, p, lw=2, color="tab:blue", label=label)
    if positive_rate is not None:
        ax.axhline(positive_rate, color="0.4", ls="--", lw=1, label=f"flag everything ({positive_rate:.0%})")
    if operating_point is not None:
        op_r, op_p = operating_point
        ax.scatter(
            [op_r],
            [op_p],
            s=70,
            color="tab:red",
            zorder=3,
            label=f"operating point: recall {op_r:.2f}, precision {op_p:.2f}",
        )
        ax.vlines(op_r, 0, op_p, color="tab:red", ls=":", lw=1)
    ax.set(
        xlim=(0, 1.02),
        ylim=(0, 1.02),
        xlabel="recall (share of bad posts caught)",
        ylabel="precision (share of flags that are right)",
        title="precision against recall",
    )
    ax.legend(fontsize="small", loc="lower left")
    return ax
