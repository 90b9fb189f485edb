"""Data and models for the single-batch debugging notebook (`ml_debugging`)."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

N_EXAMPLES, N_FEATURES, N_CLASSES = 64, 20, 10

LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


def make_batch(seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """One batch of 64 examples with 20 features and labels from 10 classes."""
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(N_EXAMPLES, N_FEATURES, generator=gen)
    y = torch.randint(0, N_CLASSES, (N_EXAMPLES,), generator=gen)
    return x, y


def make_model(seed: int = 0, hidden: int = 64, depth: int = 1) -> nn.Module:
    """An MLP with `depth` ReLU hidden layers of width `hidden`, returning logits."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        layers: list[nn.Module] = []
        width = N_FEATURES
        for _ in range(depth):
            layers += [nn.Linear(width, hidden), nn.ReLU()]
            width = hidden
        layers.append(nn.Linear(width, N_CLASSES))
        return nn.Sequential(*layers)


def make_dropout_model(seed: int = 0, hidden: int = 64, p: float = 0.3) -> nn.Module:
    """An MLP with dropout, for the training-step question: its output depends on train/eval mode."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return nn.Sequential(nn.Linear(N_FEATURES, hidden), nn.ReLU(), nn.Dropout(p), nn.Linear(hidden, N_CLASSES))


TrainFn = Callable[..., list[float]]
STEPS = 200


def shuffled_labels(loss_fn: LossFn) -> LossFn:
    """A data-loading bug: the labels are re-shuffled at every call, so they carry no signal."""

    def buggy(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        return loss_fn(logits, labels[torch.randperm(len(labels))])

    return buggy


def unstable_cross_entropy(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Cross-entropy through a hand-written softmax, exp(100 z) / sum exp(100 z): it overflows."""
    weights = torch.exp(100 * logits)  # inf as soon as a logit exceeds about 0.89
    probs = weights / weights.sum(dim=1, keepdim=True)
    return -probs[torch.arange(len(labels)), labels].log().mean()


def softmax_first(loss_fn: LossFn) -> LossFn:
    """The classic slip: softmax on the logits before a loss that applies its own."""

    def buggy(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        return loss_fn(torch.softmax(logits, dim=1), labels)

    return buggy


class KeepsGradients:
    """An optimizer whose `zero_grad` does nothing: gradients pile up across steps."""

    def __init__(self, optimizer: torch.optim.Optimizer) -> None:
        self.optimizer = optimizer

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget to clear the gradients."""

    def step(self) -> None:
        self.optimizer.step()


def mystery_curves(train_fn: TrainFn, seed: int = 0) -> dict[str, list[float]]:
    """Four single-batch runs, made with your own `train_on_batch`, labelled only A to D."""
    x, y = make_batch(seed)
    ce = nn.functional.cross_entropy
    runs = {}
    model = make_model(seed)
    runs["A"] = train_fn(model, x, y, ce, torch.optim.SGD(model.parameters(), lr=0.02), STEPS)
    model = make_model(seed)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        runs["B"] = train_fn(model, x, y, shuffled_labels(ce), torch.optim.Adam(model.parameters(), lr=1e-2), STEPS)
    model = make_model(seed)
    runs["C"] = train_fn(model, x, y, ce, torch.optim.SGD(model.parameters(), lr=50.0), STEPS)
    model = make_model(seed, hidden=256, depth=3)
    runs["D"] = train_fn(model, x, y, ce, torch.optim.Adam(model.parameters(), lr=1e-3), STEPS)
    return runs
