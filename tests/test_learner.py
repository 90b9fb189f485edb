"""The learner-facing helpers: deterministic data, plots that survive NaN, explorers that run headless."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
import torch
from support.loops import plain_loop

from mlexam.learner import setup_notebook
from mlexam.learner.explorers import learning_curve_lab
from mlexam.learner.losses import plot_with_failures
from mlexam.learner.plots import mark_nonfinite, plot_curves
from mlexam.learner.single_batch import KeepsGradients, make_batch, make_model, mystery_curves

pytestmark = pytest.mark.unit


def test_batches_and_models_are_deterministic_and_leave_the_global_rng_alone():
    setup_notebook(0)
    before = torch.get_rng_state()
    x1, y1 = make_batch(3)
    x2, y2 = make_batch(3)
    assert torch.equal(x1, x2) and torch.equal(y1, y2)
    assert x1.shape == (64, 20) and y1.dtype == torch.int64 and int(y1.max()) < 10
    m1, m2 = make_model(5, hidden=16, depth=2), make_model(5, hidden=16, depth=2)
    assert all(torch.equal(a, b) for a, b in zip(m1.parameters(), m2.parameters()))
    assert torch.equal(torch.get_rng_state(), before)
    assert not torch.equal(make_batch(4)[0], x1)


def test_keeps_gradients_never_zeroes():
    model = make_model(0, hidden=8)
    opt = KeepsGradients(torch.optim.SGD(model.parameters(), lr=0.0))
    for p in model.parameters():
        p.grad = torch.ones_like(p)
    opt.zero_grad()
    opt.step()
    assert all(torch.equal(p.grad, torch.ones_like(p)) for p in model.parameters())


def test_mystery_curves_show_their_shapes():
    curves = mystery_curves(plain_loop)
    assert set(curves) == {"A", "B", "C", "D"} and all(len(c) == 200 for c in curves.values())
    a, b, c, d = (curves[k] for k in "ABCD")
    assert 0.5 * a[0] < a[-1] < 0.95 * a[0], "A declines slowly"
    assert 1.9 < sum(b[-50:]) / 50 < 2.4, "B hovers near ln 10"
    assert not all(math.isfinite(v) for v in c), "C blows up"
    assert d[-1] < 0.01 * d[0], "D fits"


def test_plot_curves_marks_divergence():
    ax = plot_curves({"ok": [2.0, 1.0, 0.5], "bad": [2.0, float("inf"), float("nan")]})
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "bad: inf/NaN from step 1" in labels
    assert [tuple(line.get_xdata()) for line in ax.lines[2:]] == [(1, 1), (2, 2)]  # the inf, then the NaN
    assert ax.get_yscale() == "linear"
    assert plot_curves({"fit": [2.0, 0.01]}).get_yscale() == "log"


def test_each_inf_and_nan_stretch_gets_a_labelled_band_along_the_top():
    _, ax = plt.subplots()
    inf, nan = float("inf"), float("nan")
    plot_with_failures([0, 1, 2, 3, 4, 5], [1.0, inf, inf, nan, 0.5, inf], "bce", ax)
    assert [tuple(line.get_xdata()) for line in ax.lines[1:]] == [(1.0, 2.0), (5.0, 5.0), (3.0, 3.0)]
    assert [t.get_text() for t in ax.texts] == ["bce: inf", "bce: inf", "bce: NaN"]
    assert mark_nonfinite(ax, [0, 1], [1.0, 2.0], "red") is None and len(ax.lines) == 4  # nothing to mark


def test_learning_curve_lab_runs_headless_and_reacts():
    calls = []

    def recording_loop(*args):
        calls.append(args)
        return plain_loop(*args)

    ui = learning_curve_lab(recording_loop)
    assert len(calls) == 1, "one quick run when shown"
    controls = {w.description: w for w in ui.children[0].children[0].children + ui.children[0].children[1].children}
    controls["learning rate"].value = 10.0
    controls["labels re-shuffled every step"].value = True
    assert len(calls) == 3
    assert calls[-1][4].param_groups[0]["lr"] == 10.0
