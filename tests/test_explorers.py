"""The ungraded explorers and the learner's start page: right numbers, headless runs, links that resolve."""

from __future__ import annotations

import math
import re

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets
import pytest
import torch
from support import ROOT
from support.loops import plain_loop

from mlexam.course import notebooks
from mlexam.course.coursedir import Course
from mlexam.learner import setup_notebook
from mlexam.learner.explorers import (
    ACTIVATIONS,
    gradient_flow_explorer,
    learning_curve_lab,
    loss_explorer,
    losses_against_logit,
)
from mlexam.learner.single_batch import make_batch, make_model

pytestmark = pytest.mark.unit

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LINK = re.compile(r"\]\(([^)\s]+\.ipynb)\)")


def controls_of(ui: widgets.Widget) -> dict[str, widgets.Widget]:
    """Every control of an explorer, by its description."""
    found, todo = {}, [ui]
    while todo:
        widget = todo.pop()
        todo.extend(getattr(widget, "children", ()))
        if getattr(widget, "description", ""):
            found[widget.description] = widget
    return found


@pytest.fixture
def shown(monkeypatch) -> list[int]:
    """Counts the plots the explorers show."""
    calls: list[int] = []
    monkeypatch.setattr("matplotlib.pyplot.show", lambda *a, **k: calls.append(1))
    return calls


def plotted(monkeypatch) -> list[list[list[float]]]:
    """Records, for every plot an explorer shows, the y-data of its lines."""
    import matplotlib.pyplot as plt

    figures: list[list[list[float]]] = []

    def record(*args, **kwargs):
        figures.append([list(map(float, line.get_ydata())) for line in plt.gca().get_lines()])
        plt.close("all")

    monkeypatch.setattr("matplotlib.pyplot.show", record)
    return figures


def test_the_lab_s_own_loop_is_the_plain_pytorch_loop_and_shows_the_bugs(monkeypatch):
    figures = plotted(monkeypatch)
    setup_notebook(0)
    controls = controls_of(learning_curve_lab())
    x, y = make_batch(0)
    model = make_model(0)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        expected = plain_loop(
            model, x, y, torch.nn.functional.cross_entropy, torch.optim.Adam(model.parameters(), lr=1e-2), 200
        )
    assert figures[-1][0] == expected, "float for float the plain PyTorch loop"
    controls["hand-written exp(100 z) softmax"].value = True
    assert not all(math.isfinite(v) for v in figures[-1][0])
    controls["hand-written exp(100 z) softmax"].value = False
    controls["optimizer"].value = "SGD"
    controls["learning rate"].value = 0.01
    controls["forget zero_grad"].value = True
    assert figures[-1][0][-1] < 0.5, "without zero_grad, SGD still converges"
    controls["forget zero_grad"].value = False
    controls["optimizer"].value = "Adam"
    controls["labels re-shuffled every step"].value = True
    assert 1.7 < sum(figures[-1][0][-30:]) / 30 < 2.6, "shuffled labels hover near ln 10"


def test_learning_curve_lab_runs_on_the_package_loop(shown):
    ui = learning_curve_lab()
    assert len(shown) == 1, "one run when shown"
    controls = controls_of(ui)
    controls["forget zero_grad"].value = True
    controls["optimizer"].value = "SGD"
    assert len(shown) == 3


def test_losses_against_logit_match_the_formulas_and_saturate():
    z = torch.tensor([-10.0, -2.0, 0.0, 3.0])
    for target in (0.0, 0.3, 1.0):
        result = losses_against_logit(z, target)
        p = torch.sigmoid(z.double())
        mse, mse_grad = result["MSE on sigmoid"]
        ce, ce_grad = result["cross-entropy"]
        assert torch.allclose(mse, (p - target) ** 2)
        assert torch.allclose(mse_grad, 2 * (p - target) * p * (1 - p))
        assert torch.allclose(ce, -(target * p.log() + (1 - target) * (1 - p).log()))
        assert torch.allclose(ce_grad, p - target)
    _, mse_grad = losses_against_logit(torch.tensor([-10.0]), 1.0)["MSE on sigmoid"]
    _, ce_grad = losses_against_logit(torch.tensor([-10.0]), 1.0)["cross-entropy"]
    assert abs(mse_grad.item()) < 1e-3 < 0.99 < abs(ce_grad.item()), "MSE on a sigmoid stalls when confidently wrong"


def test_gradient_flow_explorer_shows_vanishing_in_plain_stacks_only(monkeypatch):
    figures = plotted(monkeypatch)
    before = torch.get_rng_state()
    controls = controls_of(gradient_flow_explorer())  # 20 plain sigmoid blocks, residual dashed beside
    assert torch.equal(torch.get_rng_state(), before), "the global random state is left alone"
    residual, plain = figures[-1][:2]
    assert len(plain) == len(residual) == 20
    assert plain[0] / plain[-1] < 1e-8, "a plain sigmoid stack loses the gradient on the way down"
    assert 0.1 < residual[0] / residual[-1] < 10, "a residual stack keeps it"
    controls["depth"].value = 8
    for activation in ACTIVATIONS:
        controls["activation"].value = activation
        assert all(math.isfinite(v) and v > 0 for line in figures[-1][:2] for v in line)


def test_loss_and_gradient_flow_explorers_run_headless_and_react(shown):
    controls = controls_of(loss_explorer())
    controls["your logit"].value = 4.0
    controls["gradient on a log scale"].value = False
    assert len(shown) == 3
    controls = controls_of(gradient_flow_explorer())
    controls["depth"].value = 5
    controls["residual blocks: x + f(x)"].value = True
    controls["activation"].value = "ReLU"
    assert len(shown) == 7


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_learner_notebooks_are_stored_without_outputs(path):
    nb = notebooks.read(path)
    assert nb.metadata.kernelspec.name == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear the outputs"


def test_start_page_links_every_assignment_and_explorer():
    start = notebooks.read(ROOT / "notebooks" / "START_HERE.ipynb")
    links = {m for cell in start.cells if cell.cell_type == "markdown" for m in LINK.findall(cell.source)}
    course = Course(ROOT)
    releases = {f"../release/{a}/{n}.ipynb" for a in course.assignments() for n in course.notebooks(a)}
    assert releases <= links, f"not linked from the start page: {sorted(releases - links)}"
    for link in links:
        target = (ROOT / "notebooks" / link).resolve()
        if link.startswith("../release/"):
            assignment = link.split("/")[2]
            assert assignment in course.planned_assignments(), f"{link}: not an assignment of the course"
            if assignment not in course.assignments():
                continue  # being written: its release notebook comes with its source
        assert target.is_file(), f"the start page links to a missing notebook: {link}"
    explorers = {p.name for p in NOTEBOOKS} - {"START_HERE.ipynb"}
    assert explorers <= links, f"explorers not linked from the start page: {sorted(explorers - links)}"
