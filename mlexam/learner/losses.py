"""Plots and an explorer for the loss-functions notebook (`problem_setup`).

Nothing here computes a graded answer: the notebook's own functions are passed in.
"""

from __future__ import annotations

import math
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from mlexam.learner.plots import mark_nonfinite

GradientFn = Callable[[str, float, float], float]


@contextmanager
def time_limit(seconds: float, message: str) -> Iterator[None]:
    """Raise TimeoutError(message) if the block runs longer than `seconds` (main thread, Unix only).

    A slow answer (say, enumeration where a dynamic programme is needed) then fails with a clear
    message instead of hanging the notebook.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise TimeoutError(message)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def plot_with_failures(x: Sequence[float], y: Sequence[float], label: str, ax: Axes, **style) -> Axes:
    """Plot y against x; where y is inf or NaN, a labelled band along the top of the axes instead
    (`plots.mark_nonfinite`), so a curve that "disappears" shows why.
    """
    x = [float(v) for v in x]
    y = [float(v) for v in y]
    (line,) = ax.plot(x, [v if math.isfinite(v) else math.nan for v in y], label=label, **style)
    if mark_nonfinite(ax, x, y, line.get_color(), label) is not None:
        ax.margins(y=0.2)  # headroom, so that the bands do not hide the top of the curves
    return ax


def descend_logit(
    logit_gradient: GradientFn, loss: str, logit: float, target: float, lr: float, steps: int
) -> list[float]:
    """Plain gradient descent on one logit with `logit_gradient`; the probability sigmoid(logit) by step."""
    probs = []
    for _ in range(steps):
        probs.append(1.0 / (1.0 + math.exp(-logit)) if logit > -700 else 0.0)
        logit -= lr * float(logit_gradient(loss, logit, target))
    probs.append(1.0 / (1.0 + math.exp(-logit)) if logit > -700 else 0.0)
    return probs


def saturation_lab(logit_gradient: GradientFn, steps: int = 150) -> widgets.Widget:
    """Gradient descent on a single logit under MSE-on-a-sigmoid and under BCE, with your gradients.

    Move the starting logit to a confidently wrong prediction and watch which loss recovers.
    """
    controls = {
        "logit": widgets.FloatSlider(
            value=-6.0, min=-12.0, max=12.0, step=0.5, description="start logit", continuous_update=False
        ),
        "target": widgets.FloatSlider(
            value=1.0, min=0.0, max=1.0, step=0.05, description="target", continuous_update=False
        ),
        "lr": widgets.FloatLogSlider(
            value=1.0, base=10, min=-2, max=1, step=0.25, description="learning rate", continuous_update=False
        ),
    }

    def run(logit: float, target: float, lr: float) -> None:
        runs = {
            loss: (
                descend_logit(logit_gradient, loss, logit, target, lr, steps),
                float(logit_gradient(loss, logit, target)),
            )
            for loss in ("mse", "bce")
        }
        _, ax = plt.subplots(figsize=(7.0, 3.2))
        for loss, (probs, grad) in runs.items():
            ax.plot(probs, lw=2, label=f"{loss.upper()}: first gradient {grad:+.2e}")
        ax.axhline(target, color="grey", ls=":", lw=1, label="target")
        ax.set_ylim(-0.03, 1.03)
        ax.set_xlim(0, steps)
        ax.set_xlabel("gradient-descent step")
        ax.set_ylabel("predicted probability")
        ax.set_title("One logit, two losses")
        ax.legend(fontsize="small", loc="center right")
        plt.show()

    out = widgets.interactive_output(run, controls)
    return widgets.VBox([widgets.HBox(list(controls.values())), out])
