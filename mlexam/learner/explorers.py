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


def learning_curve_lab(train_fn: TrainFn | None = None, seed: int = 0) -> widgets.Widget:
    """Train on one batch with `train_fn` (yours, or the lab's own loop); change learning rate, optimizer, bugs live.

    The bugs wrap the loss function and the optimizer (see `mlexam.learner.single_batch`), so any
    correct loop shows all of them. The lab's own loop is not importable on purpose: writing it is
    the first question of the `ml_debugging` assignment.

    The depth goes up to 30 so that "too big a model" can be seen for what it is: a wider model, or a
    few more layers, fits one batch at least as easily, while a plain ReLU stack 30 deep (PyTorch's
    default initialisation, no normalisation, no residual connections) does not fit it, because its
    gradient vanishes on the way down (example question 1, the `conventions` assignment).
    """
    x, y = make_batch(seed)

    def lab_loop(model, inputs, targets, loss_fn, optimizer, steps):
        history = []
        for _ in range(steps):
            optimizer.zero_grad()
            step_loss = loss_fn(model(inputs), targets)
            history.append(float(step_loss.detach()))
            step_loss.backward()
            optimizer.step()
        return history

    train = train_fn or lab_loop
    controls = {
        "lr": widgets.FloatLogSlider(
            value=1e-2, base=10, min=-4, max=2, step=0.25, description="learning rate", continuous_update=False
        ),
        "optimizer": widgets.ToggleButtons(options=list(OPTIMIZERS), description="optimizer"),
        "width": widgets.IntSlider(value=64, min=8, max=512, step=8, description="width", continuous_update=False),
        "depth": widgets.IntSlider(value=1, min=1, max=30, description="depth", continuous_update=False),
        "shuffle": widgets.Checkbox(description="labels re-shuffled every step"),
        "unstable": widgets.Checkbox(description="hand-written exp(100 z) softmax"),
        "softmax": widgets.Checkbox(description="softmax before cross-entropy"),
        "no_zero_grad": widgets.Checkbox(description="forget zero_grad"),
    }
    for control in controls.values():  # labels in full, not cut off
        if isinstance(control, widgets.Checkbox):
            control.indent, control.layout.width = False, "auto"
        else:
            control.style.description_width = "90px"

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
            losses = train(model, x, y, loss_fn, KeepsGradients(opt) if no_zero_grad else opt, STEPS)
        _, ax = plt.subplots()
        plot_curves({f"{optimizer}, lr={lr:.3g}": losses}, title="Training on a single batch", ax=ax)
        ax.axhline(torch.log(torch.tensor(10.0)).item(), color="grey", ls=":", label="ln 10")
        plt.show()

    out = widgets.interactive_output(run, controls)
    toggles = [controls[k] for k in ("shuffle", "unstable", "softmax", "no_zero_grad")]
    sliders = [controls[k] for k in ("lr", "optimizer", "width", "depth")]
    ui = widgets.VBox([widgets.HBox([widgets.VBox(sliders), widgets.VBox(toggles)]), out])
    return ui


# The loss explorer: MSE on a sigmoid against cross-entropy, for one example's logit.

LOGIT_LOSSES = {
    "MSE on sigmoid": lambda z, t: nn.functional.mse_loss(torch.sigmoid(z), t, reduction="none"),
    "cross-entropy": lambda z, t: nn.functional.binary_cross_entropy_with_logits(z, t, reduction="none"),
}


def losses_against_logit(logits: torch.Tensor, target: float) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    """Per loss in `LOGIT_LOSSES`: its value and d loss / d logit at each logit, for p = sigmoid(logit).

    PyTorch's built-in losses differentiated by autograd, in float64 so that tiny gradients stay visible.
    """
    z = logits.detach().to(torch.float64).requires_grad_(True)
    t = torch.full_like(z, target)
    result = {}
    for name, loss_fn in LOGIT_LOSSES.items():
        per_logit = loss_fn(z, t)
        (grad,) = torch.autograd.grad(per_logit.sum(), z)  # each loss depends on its own logit only
        result[name] = (per_logit.detach(), grad)
    return result


def loss_explorer(span: float = 12.0) -> widgets.Widget:
    """Loss and gradient against the logit for both losses; move the target and the logit you predict."""
    controls = {
        "target": widgets.FloatSlider(value=1.0, min=0.0, max=1.0, step=0.05, description="target"),
        "logit": widgets.FloatSlider(value=-6.0, min=-span, max=span, step=0.25, description="your logit"),
        "log_scale": widgets.Checkbox(value=True, description="gradient on a log scale"),
    }
    logits = torch.linspace(-span, span, 481)

    def show(target: float, logit: float, log_scale: bool) -> None:
        curves = losses_against_logit(logits, target)
        here = losses_against_logit(torch.tensor([logit]), target)
        fig, (loss_ax, grad_ax) = plt.subplots(1, 2, figsize=(10.5, 3.6))
        for name, (loss, grad) in curves.items():
            (line,) = loss_ax.plot(logits, loss, lw=2, label=name)
            value, slope = (v.item() for v in here[name])
            grad_ax.plot(logits, grad.abs(), lw=2, color=line.get_color(), label=f"{name}: {slope:+.1e} here")
            loss_ax.plot(logit, value, "o", color=line.get_color())
            grad_ax.plot(logit, abs(slope), "o", color=line.get_color())
        for ax in (loss_ax, grad_ax):
            ax.axvline(logit, color="grey", ls=":", lw=1)
            ax.set_xlabel("logit z   (p = sigmoid(z))")
        loss_ax.set_ylabel("loss")
        loss_ax.set_title(f"target {target:g}, your prediction p = {torch.sigmoid(torch.tensor(logit)).item():.3f}")
        loss_ax.legend(fontsize="small")
        grad_ax.set_ylabel("|d loss / d z|")
        grad_ax.set_title("how hard gradient descent pushes z")
        if log_scale:
            grad_ax.set_yscale("log", nonpositive="mask")
        grad_ax.legend(fontsize="small")
        fig.tight_layout()
        plt.show()

    out = widgets.interactive_output(show, controls)
    return widgets.VBox([widgets.HBox(list(controls.values())), out])


# The gradient-flow explorer: per-block gradient norms of deep stacks, with and without residuals.

ACTIVATIONS = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "ReLU": nn.ReLU}


def _block(width: int, activation: str, he_init: bool, batch_norm: bool) -> nn.Sequential:
    """One branch f: Linear -> [BatchNorm1d] -> activation -> Linear, in float64.

    He initialisation (He et al. 2015, "Delving Deep into Rectifiers") draws weights from N(0, 2 / fan_in) for a
    layer fed by a ReLU, the block's second layer, and N(0, 1 / fan_in) for the first, whose input is not rectified;
    biases 0. Then the signal keeps its scale through a ReLU block, forwards and backwards. Without it, PyTorch's
    default (uniform, std 1 / sqrt(3 fan_in)) shrinks it at every layer.
    """
    first, second = nn.Linear(width, width), nn.Linear(width, width)
    if he_init:
        with torch.no_grad():
            first.weight.normal_(0.0, (1.0 / width) ** 0.5)
            second.weight.normal_(0.0, (2.0 / width) ** 0.5)
            first.bias.zero_()
            second.bias.zero_()
    norm = [nn.BatchNorm1d(width)] if batch_norm else []
    return nn.Sequential(first, *norm, ACTIVATIONS[activation](), second).double()


def block_input_gradients(
    depth: int,
    residual: bool,
    activation: str,
    he_init: bool = False,
    batch_norm: bool = False,
    width: int = 32,
    seed: int = 0,
) -> list[float]:
    """The norm of the MSE loss's gradient at each block's input, for a stack of `depth` blocks on a random batch.

    The gradient reaching a block's input is the signal the blocks below it learn from. Float64, so that tiny values
    stay visible instead of underflowing to 0. The global random state is left as it was.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        blocks = [_block(width, activation, he_init, batch_norm) for _ in range(depth)]
        h = torch.randn(64, width, dtype=torch.float64, requires_grad=True)
        targets = torch.randn(64, width, dtype=torch.float64)
    block_inputs = []
    for block in blocks:
        block_inputs.append(h)
        h = h + block(h) if residual else block(h)
    grads = torch.autograd.grad(nn.functional.mse_loss(h, targets), block_inputs)
    return [float(g.norm()) for g in grads]


def gradient_flow_explorer() -> widgets.Widget:
    """Per-block gradient norms on a log scale; change the depth, the activation, the initialisation, add batch
    norm, and switch residuals."""
    controls = {
        "depth": widgets.IntSlider(value=20, min=2, max=60, description="depth", continuous_update=False),
        "residual": widgets.Checkbox(value=False, description="residual blocks: x + f(x)"),
        "activation": widgets.ToggleButtons(options=list(ACTIVATIONS), description="activation"),
        "he_init": widgets.Checkbox(value=False, description="He initialisation"),
        "batch_norm": widgets.Checkbox(value=False, description="batch norm in each block"),
    }
    for key in ("residual", "he_init", "batch_norm"):  # labels in full, not cut off
        controls[key].indent, controls[key].layout.width = False, "auto"

    def show(depth: int, residual: bool, activation: str, he_init: bool, batch_norm: bool) -> None:
        chosen = block_input_gradients(depth, residual, activation, he_init, batch_norm)
        other = block_input_gradients(depth, not residual, activation, he_init, batch_norm)
        names = {True: "residual", False: "plain"}
        blocks = list(range(1, depth + 1))
        fig, ax = plt.subplots(figsize=(9.0, 3.8))
        ax.plot(blocks, other, color="grey", ls="--", lw=1, label=f"{names[not residual]}, for comparison")
        ax.plot(blocks, chosen, "o-", ms=3, lw=2, label=names[residual])
        ax.set_yscale("log", nonpositive="mask")
        ax.set_xlabel("block (1 = nearest the input)")
        ax.set_ylabel("gradient at the block's input")
        ratio = chosen[0] / chosen[-1] if chosen[-1] else float("nan")
        extras = [text for on, text in ((he_init, "He init"), (batch_norm, "batch norm")) if on]
        setting = f"{activation}" + "".join(f", {text}" for text in extras)
        ax.set_title(f"{depth} {names[residual]} blocks ({setting}): first / last block = {ratio:.1e}")
        ax.legend(fontsize="small")
        fig.tight_layout()
        plt.show()

    out = widgets.interactive_output(show, controls)
    top = widgets.HBox([controls["depth"], controls["activation"]])
    toggles = widgets.HBox([controls["residual"], controls["he_init"], controls["batch_norm"]])
    return widgets.VBox([top, toggles, out])
