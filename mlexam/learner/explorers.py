"""Ungraded interactive explorers (ipywidgets + matplotlib).

They run once, quickly, when displayed, so a notebook that shows one still runs
headless (under nbgrader) without error; the sliders do the rest in JupyterLab.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import torch
from torch import nn

from mlexam.learner.plots import plot_curves
from mlexam.learner.single_batch import (
    STEPS,
    KeepsGradients,
    TrainFn,
    make_batch,
    make_model,
    shuffled_labels,
    softmax_first,
    unstable_cross_entropy,
)

OPTIMIZERS = {"Adam": torch.optim.Adam, "SGD": torch.optim.SGD}


def learning_curve_lab(train_fn: TrainFn, seed: int = 0) -> widgets.Widget:
    """Train on one batch with your `train_fn`; change the learning rate, optimizer and bugs live."""
    x, y = make_batch(seed)
    controls = {
        "lr": widgets.FloatLogSlider(
            value=1e-2, base=10, min=-4, max=2, step=0.25, description="learning rate", continuous_update=False
        ),
        "optimizer": widgets.ToggleButtons(options=list(OPTIMIZERS), description="optimizer"),
        "width": widgets.IntSlider(value=64, min=8, max=512, step=8, description="width", continuous_update=False),
        "depth": widgets.IntSlider(value=1, min=1, max=4, description="depth", continuous_update=False),
        "shuffle": widgets.Checkbox(description="labels re-shuffled every step"),
        "unstable": widgets.Checkbox(description="hand-written exp(100 z) softmax"),
        "softmax": widgets.Checkbox(description="softmax before cross-entropy"),
        "no_zero_grad": widgets.Checkbox(description="forget zero_grad"),
    }

    def run(lr, optimizer, width, depth, shuffle, unstable, softmax, no_zero_grad):
        model = make_model(seed, hidden=width, depth=depth)
        loss_fn = unstable_cross_entropy if unstable else nn.functional.cross_entropy
        if softmax:
            loss_fn = softmax_first(loss_fn)
        if shuffle:
            loss_fn = shuffled_labels(loss_fn)
        opt = OPTIMIZERS[optimizer](model.parameters(), lr=lr)
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            losses = train_fn(model, x, y, loss_fn, KeepsGradients(opt) if no_zero_grad else opt, STEPS)
        _, ax = plt.subplots()
        plot_curves({f"{optimizer}, lr={lr:.3g}": losses}, title="Training on a single batch", ax=ax)
        ax.axhline(torch.log(torch.tensor(10.0)).item(), color="grey", ls=":", label="ln 10")
        plt.show()

    out = widgets.interactive_output(run, controls)
    toggles = [controls[k] for k in ("shuffle", "unstable", "softmax", "no_zero_grad")]
    sliders = [controls[k] for k in ("lr", "optimizer", "width", "depth")]
    ui = widgets.VBox([widgets.HBox([widgets.VBox(sliders), widgets.VBox(toggles)]), out])
    return ui
