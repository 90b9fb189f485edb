"""A hand-wired memory LSTM and its plots, for the LSTM notebook (`algorithms`).

The LSTM here has one hidden unit and weights set by hand, not trained, so that
every gate does one readable job. Its inputs have three channels:

- `value`: a number in [-1, 1] at every step (mostly noise);
- `store`: 1 at the steps whose value must be remembered, else 0;
- `recall`: 1 at the steps where the memory must be read out, else 0.

The weights are given gate by gate; the notebook stacks them the way PyTorch does.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure

GATE_NAMES = {"i": "input gate", "f": "forget gate", "g": "candidate (cell)", "o": "output gate"}

# How hard the gates switch: sigmoid(12) = 0.999994, sigmoid(-12) = 6e-6.
SHARPNESS = 24.0

GateWeights = tuple[torch.Tensor, torch.Tensor, torch.Tensor]


def memory_lstm(forget_bias: float = 12.0) -> dict[str, GateWeights]:
    """Per-gate weights `(w_x (1, 3), w_h (1, 1), b (1,))` of a one-unit LSTM that remembers.

    - input gate: open (1) only when `store` is 1, so only stored values enter the cell;
    - forget gate: `sigmoid(forget_bias)` at rest (close to 1: keep the memory), and
      shut (close to 0) when `store` is 1, so a new value overwrites the old one;
    - candidate: `tanh(value)`, what would be written;
    - output gate: open only when `recall` is 1, so the memory is read out on demand.
    """
    k = SHARPNESS

    def gate(w_value: float, w_store: float, w_recall: float, bias: float) -> GateWeights:
        return (torch.tensor([[w_value, w_store, w_recall]]), torch.zeros(1, 1), torch.tensor([bias]))

    return {
        "i": gate(0.0, k, 0.0, -k / 2),
        "f": gate(0.0, -(forget_bias + k / 2), 0.0, forget_bias),
        "g": gate(1.0, 0.0, 0.0, 0.0),
        "o": gate(0.0, 0.0, k, -k / 2),
    }


def memory_task(
    steps: int = 40,
    stores: dict[int, float] | None = None,
    recalls: tuple[int, ...] = (12, 27, 35),
    seed: int = 0,
) -> torch.Tensor:
    """A sequence `(steps, 1, 3)` of (value, store, recall): noise, with values to store and recall.

    By default it stores 0.8 at step 3 and -0.6 at step 20, and asks for a recall at steps
    12, 27 and 35. The value channel holds uniform noise in [-1, 1] at every other step.
    """
    stores = {3: 0.8, 20: -0.6} if stores is None else stores
    gen = torch.Generator().manual_seed(seed)
    xs = torch.zeros(steps, 1, 3)
    xs[:, 0, 0] = torch.rand(steps, generator=gen) * 2 - 1
    for t, value in stores.items():
        xs[t, 0, 0] = value
        xs[t, 0, 1] = 1.0
    for t in recalls:
        xs[t, 0, 2] = 1.0
    return xs


def hold_task(steps: int = 60, value: float = 1.0) -> torch.Tensor:
    """Store `value` at step 0, then keep `recall` on: the output shows how long the memory lasts."""
    xs = torch.zeros(steps, 1, 3)
    xs[0, 0, 0] = value
    xs[0, 0, 1] = 1.0
    xs[:, 0, 2] = 1.0
    return xs


def gate_values(weights: dict[str, GateWeights], xs: torch.Tensor, hs_prev: torch.Tensor) -> dict[str, torch.Tensor]:
    """Each gate's activation at every step, from the inputs and the previous hidden states.

    `xs` is `(T, 1, 3)` and `hs_prev` `(T, 1, 1)`, the hidden state *before* each step.
    """
    out = {}
    for name, (w_x, w_h, b) in weights.items():
        pre = xs @ w_x.T + hs_prev @ w_h.T + b
        out[name] = (torch.tanh(pre) if name == "g" else torch.sigmoid(pre)).reshape(-1)
    return out


def plot_memory(xs: torch.Tensor, gates: dict[str, torch.Tensor], cs: torch.Tensor, hs: torch.Tensor) -> Figure:
    """Three panels over time: the inputs, the gates, and the cell state and output."""
    xs = xs.detach().reshape(len(xs), -1)
    t = torch.arange(len(xs))
    fig, axes = plt.subplots(3, 1, figsize=(9, 6.6), sharex=True)

    ax = axes[0]
    store = xs[:, 1] > 0.5
    recall = xs[:, 2] > 0.5
    ax.bar(t[~store], xs[~store, 0], color="lightgrey", width=0.6, label="value (noise)")
    ax.bar(t[store], xs[store, 0], color="tab:green", width=0.6, label="value with store = 1")
    for step in t[recall].tolist():
        ax.axvspan(step - 0.45, step + 0.45, color="tab:purple", alpha=0.2, lw=0)
    ax.plot([], [], color="tab:purple", alpha=0.4, lw=6, label="recall = 1")
    ax.set_ylim(-1.1, 1.75)
    ax.set_yticks([-1, 0, 1])
    ax.set_ylabel("input")
    ax.set_title("A one-unit LSTM, wired by hand to remember a value")
    ax.legend(fontsize="small", ncol=3, loc="upper center")

    ax = axes[1]
    styles = {"i": ("tab:green", "-"), "f": ("tab:blue", "-"), "o": ("tab:purple", "-")}
    for name, (color, ls) in styles.items():
        ax.plot(t, gates[name].detach(), color=color, ls=ls, lw=1.6, marker=".", label=GATE_NAMES[name])
    ax.set_ylim(-0.08, 1.45)
    ax.set_yticks([0, 0.5, 1])
    ax.set_ylabel("gate")
    ax.legend(fontsize="small", ncol=3, loc="upper center")

    ax = axes[2]
    ax.step(t, cs.detach().reshape(-1), where="mid", color="tab:orange", lw=2, label="cell state $c_t$")
    ax.plot(t, hs.detach().reshape(-1), "o-", color="black", ms=3, lw=1, label="output $h_t$")
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_ylim(-1.05, 1.45)
    ax.set_yticks([-1, -0.5, 0, 0.5, 1])
    ax.set_ylabel("state")
    ax.set_xlabel("time step t")
    ax.legend(fontsize="small", ncol=2, loc="upper center")
    fig.tight_layout()
    return fig
