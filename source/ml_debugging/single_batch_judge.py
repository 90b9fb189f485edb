"""Judges of single_batch.ipynb: a training loop, six failure modes, rules for curves, the exam question's
four curves and a fixed training step.

The kernel runs the learner's functions (with a trusted loop where a question must not depend on another's
answer) and reports losses and weights; the references (the plain PyTorch loop, the diagnose rules, the key of
the four curves) are computed here, outside the kernel, on one CPU thread like the kernel's.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import torch

from mlexam.course.judging import Context, Item, Judges, Probe, Verdict, choice_probe, kind, probe_value
from mlexam.learner.single_batch import (
    make_batch,
    make_dropout_model,
    make_model,
)

judge = Judges()

LN10 = math.log(10)
INCOMPLETE = "the test's result was incomplete"


# ---------------------------------------------------------------------------------------------------------------
# Shared: reading a list of losses, comparing trajectories, running references here.


@contextmanager
def _reference_run() -> Iterator[None]:
    """One CPU thread (as in the learner's kernel, so that the plain loop's floats are the kernel's) and the
    global torch RNG left as it was."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with torch.random.fork_rng(devices=[]):
            yield
    finally:
        torch.set_num_threads(threads)


def _raised(got: Any) -> str | None:
    """The learner's exception, as the probe reported it, or None."""
    if isinstance(got, dict) and "raised" in got:
        return str(got["raised"])[:300]
    return None


def _read_losses(got: Any, steps: int, what: str) -> tuple[str | None, np.ndarray | None]:
    """(problem, losses): `got` is the probe's report of a returned list of losses (see `probe_*`'s `report`)."""
    if not isinstance(got, dict):
        return f"{what}: {INCOMPLETE}", None
    raised = _raised(got)
    if raised is not None:
        return f"{what}: raised {raised}", None
    if got.get("list") is not True:
        return f"{what}: return a list of floats, not a {str(got.get('type', 'value'))[:60]}", None
    kinds, values = got.get("kinds"), got.get("values")
    if (
        not isinstance(kinds, list)
        or not all(isinstance(k, str) for k in kinds)
        or not isinstance(values, np.ndarray)
        or values.dtype.kind != "f"
        or values.shape != (len(kinds),)
    ):
        return f"{what}: {INCOMPLETE}", None
    if len(kinds) != steps:
        return f"{what}: {len(kinds)} losses, expected one per step ({steps})", None
    for i, k in enumerate(kinds):
        if k != "float":
            return f"{what}: the loss of step {i} is a {k[:60]}, not a Python float (use loss.item())", None
    return None, values.astype(np.float64)


def _first_difference(got: np.ndarray, want: np.ndarray, rtol: float, atol: float) -> int | None:
    """The first flat index where `got` and `want` differ (NaN equals NaN, inf equals inf of its sign)."""
    g, w = got.astype(np.float64).ravel(), want.astype(np.float64).ravel()
    with np.errstate(invalid="ignore", over="ignore"):
        close = np.isfinite(g) & np.isfinite(w) & (np.abs(g - w) <= atol + rtol * np.abs(w))
        same = (np.isnan(g) & np.isnan(w)) | (g == w) | close
    bad = np.flatnonzero(~same)
    return int(bad[0]) if bad.size else None


def _weights_problem(got: Any, want: list[np.ndarray], rtol: float, atol: float, what: str) -> str | None:
    if not isinstance(got, list) or len(got) != len(want):
        return f"{what}: {INCOMPLETE}"
    for k, (g, w) in enumerate(zip(got, want)):
        if not isinstance(g, np.ndarray) or g.shape != w.shape or g.dtype.kind != "f":
            return f"{what}: {INCOMPLETE}"
        if _first_difference(g, w, rtol, atol) is not None:
            return f"{what}: the weights after training differ from the plain PyTorch loop's (parameter {k})"
    return None


def _losses_problem(got: np.ndarray, want: np.ndarray, rtol: float, atol: float, what: str) -> str | None:
    i = _first_difference(got, want, rtol, atol)
    if i is None:
        return None
    return f"{what}: the loss of step {i} is {got[i]:.6g}, the plain PyTorch loop records {want[i]:.6g}"


def _fmt(value: float) -> str:
    return f"{value:.3g}"


# ---------------------------------------------------------------------------------------------------------------
# train_loop: train_on_batch against the plain PyTorch loop.


def _build_run(case: dict) -> tuple[torch.nn.Module, torch.Tensor, torch.Tensor, Callable, torch.optim.Optimizer]:
    """The model, batch, loss and optimizer of one train_loop case (the probe builds the same in the kernel)."""
    ce = torch.nn.functional.cross_entropy
    xb, yb = make_batch(case["seed"])
    model = make_model(case["seed"], hidden=case["hidden"], depth=case["depth"])
    if case["stale"]:
        for p in model.parameters():
            p.grad = torch.ones_like(p)
    if case["opt"] == "sgd":
        optimizer = torch.optim.SGD(model.parameters(), lr=case["lr"], momentum=case["momentum"])
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=case["lr"])
    if case["loss"] == "scaled":

        def loss_fn(out, target):
            return ce(out, target) * case["scale"]
    elif case["loss"] == "nan":

        def loss_fn(out, target):
            return ce(out, target) * float("nan")
    elif case["loss"] == "inf_at":
        calls = [0]

        def loss_fn(out, target):
            calls[0] += 1
            value = ce(out, target)
            return value * float("inf") if calls[0] == case["at"] + 1 else value
    else:
        loss_fn = ce
    return model, xb, yb, loss_fn, optimizer


def _plain_loop(model, x, y, loss_fn, optimizer, steps):
    out = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        out.append(loss.item())
        loss.backward()
        optimizer.step()
    return out


def _reference_train(case: dict) -> tuple[np.ndarray, list[np.ndarray]]:
    with _reference_run():
        model, xb, yb, loss_fn, optimizer = _build_run(case)
        losses = _plain_loop(model, xb, yb, loss_fn, optimizer, case["steps"])
        weights = [p.detach().numpy().copy() for p in model.parameters()]
    return np.array(losses, dtype=np.float64), weights


def probe_train_loop(learner, inputs):
    """Run train_on_batch on each case; report the returned losses and the weights after training."""
    import numpy as np
    import torch

    from mlexam.learner.single_batch import make_batch, make_model

    def report(out):
        if not isinstance(out, (list, tuple)):
            return {"list": False, "type": type(out).__name__}
        kinds = ["float" if isinstance(v, float) else type(v).__name__ for v in out]
        values = [float.__float__(v) if isinstance(v, float) else float("nan") for v in out]
        return {
            "list": isinstance(out, list),
            "type": type(out).__name__,
            "kinds": kinds,
            "values": np.array(values, dtype=np.float64),
        }

    def build(case):
        ce = torch.nn.functional.cross_entropy
        xb, yb = make_batch(case["seed"])
        model = make_model(case["seed"], hidden=case["hidden"], depth=case["depth"])
        if case["stale"]:
            for p in model.parameters():
                p.grad = torch.ones_like(p)
        if case["opt"] == "sgd":
            optimizer = torch.optim.SGD(model.parameters(), lr=case["lr"], momentum=case["momentum"])
        else:
            optimizer = torch.optim.Adam(model.parameters(), lr=case["lr"])
        if case["loss"] == "scaled":

            def loss_fn(out, target):
                return ce(out, target) * case["scale"]
        elif case["loss"] == "nan":

            def loss_fn(out, target):
                return ce(out, target) * float("nan")
        elif case["loss"] == "inf_at":
            calls = [0]

            def loss_fn(out, target):
                calls[0] += 1
                value = ce(out, target)
                return value * float("inf") if calls[0] == case["at"] + 1 else value
        else:
            loss_fn = ce
        return model, xb, yb, loss_fn, optimizer

    results = []
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        for case in inputs["cases"]:
            with torch.random.fork_rng(devices=[]):
                model, xb, yb, loss_fn, optimizer = build(case)
                try:
                    out = learner.train_on_batch(model, xb, yb, loss_fn, optimizer, case["steps"])
                except Exception as exc:
                    results.append({"raised": f"{type(exc).__name__}: {exc}"})
                    continue
                weights = [p.detach().cpu().numpy().copy() for p in model.parameters()]
                results.append({"out": report(out), "weights": weights})
    finally:
        torch.set_num_threads(threads)
    return results


def _train_case(name: str, seed: int, opt: str, lr: float, steps: int, **more: Any) -> dict:
    case = {"name": name, "seed": seed, "opt": opt, "lr": lr, "momentum": 0.0, "steps": steps, "stale": False}
    case.update({"loss": "ce", "scale": 1.0, "at": -1, "hidden": 32, "depth": 2})
    case.update(more)
    return case


@judge("test_train_loop")
def train_loop_visible(ctx: Context) -> Probe:
    case = _train_case("the visible test's run (Adam at 1e-2)", 0, "adam", 1e-2, 30, hidden=64, depth=1)

    def decide(results: Any) -> Verdict:
        if not isinstance(results, list) or len(results) != 1:
            return Verdict.failed(INCOMPLETE)
        got = results[0]
        raised = _raised(got)
        if raised is not None:
            return Verdict.failed(f"train_on_batch raised {raised}")
        problem, losses = _read_losses(got.get("out") if isinstance(got, dict) else None, 30, case["name"])
        if problem:
            return Verdict.failed(problem)
        first, last = losses[0], losses[-1]
        if not abs(first - LN10) < 0.3:
            hint = "is it taken before the first update?"
            return Verdict.failed(
                f"the first loss should be near ln 10 = 2.30 for an untrained model, got {first:.3f}: {hint}"
            )
        if not last < 0.5 * first:
            return Verdict.failed(
                f"with Adam at 1e-2 the loss should halve within 30 steps ({first:.3f} -> {last:.3f})"
            )
        return Verdict.passed(f"train_on_batch works: loss {first:.3f} -> {last:.3f} in 30 steps")

    return Probe(probe_train_loop, {"cases": [case]}, decide)


@judge("test_train_loop_hidden")
def train_loop_hidden(ctx: Context) -> Probe:
    seeds = [int(s) for s in ctx.rng.choice(np.arange(1000, 100_000), size=6, replace=False)]
    cases = [
        _train_case("SGD with momentum, from stale gradients", seeds[0], "sgd", 0.1, 25, momentum=0.9, stale=True),
        _train_case("Adam", seeds[1], "adam", 3e-3, 25),
        _train_case(
            "SGD on a loss scaled by 1000 (large gradients)", seeds[2], "sgd", 1e-4, 20, loss="scaled", scale=1000.0
        ),
        _train_case("a loss that is NaN at every step", seeds[3], "sgd", 0.1, 5, loss="nan"),
        _train_case("a loss that turns inf at step 3", seeds[4], "sgd", 0.1, 8, loss="inf_at", at=3),
        _train_case("zero steps", seeds[5], "sgd", 0.1, 0),
    ]

    def decide(results: Any) -> Verdict:
        if not isinstance(results, list) or len(results) != len(cases):
            return Verdict.failed(INCOMPLETE)
        problems = []
        for case, got in zip(cases, results):
            name = case["name"]
            raised = _raised(got)
            if raised is not None:
                problems.append(f"{name}: raised {raised}")
                continue
            if not isinstance(got, dict):
                problems.append(f"{name}: {INCOMPLETE}")
                continue
            problem, losses = _read_losses(got.get("out"), case["steps"], name)
            if problem:
                problems.append(problem)
                continue
            want_losses, want_weights = _reference_train(case)
            # float for float: both sides run the same operations on one CPU thread (a hair of slack only)
            problem = _losses_problem(losses, want_losses, 1e-6, 1e-7, name)
            problem = problem or _weights_problem(got.get("weights"), want_weights, 1e-6, 1e-7, name)
            if problem:
                problems.append(problem)
        return Verdict.unless(problems, "train_on_batch matches the plain PyTorch loop, step for step")

    return Probe(probe_train_loop, {"cases": cases}, decide)


# ---------------------------------------------------------------------------------------------------------------
# failure_modes: the six curves, each run with a trusted loop in place of the learner's train_on_batch.

CURVES = [
    "curve_healthy",
    "curve_lr_too_low",
    "curve_lr_too_high",
    "curve_shuffled_labels",
    "curve_numerical_instability",
    "curve_too_big_model",
]
STEPS = 200


def probe_curves(learner, inputs):
    """Call the six curve functions with a trusted train_on_batch in their namespace; report the losses."""
    import numpy as np
    import torch

    def trusted_loop(model, x, y, loss_fn, optimizer, steps):
        out = []
        for _ in range(steps):
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            out.append(loss.item())
            loss.backward()
            optimizer.step()
        return out

    def report(out):
        if not isinstance(out, (list, tuple)):
            return {"list": False, "type": type(out).__name__}
        kinds = ["float" if isinstance(v, float) else type(v).__name__ for v in out]
        values = [float.__float__(v) if isinstance(v, float) else float("nan") for v in out]
        return {
            "list": isinstance(out, list),
            "type": type(out).__name__,
            "kinds": kinds,
            "values": np.array(values, dtype=np.float64),
        }

    namespace = learner._ns
    absent = object()
    saved = namespace.get("train_on_batch", absent)
    results = {}
    namespace["train_on_batch"] = trusted_loop
    try:
        for name in inputs["names"]:
            with torch.random.fork_rng(devices=[]):
                torch.manual_seed(inputs["seed"])
                try:
                    results[name] = report(getattr(learner, name)())
                except Exception as exc:
                    results[name] = {"raised": f"{type(exc).__name__}: {exc}"}
    finally:
        if saved is absent:
            namespace.pop("train_on_batch", None)
        else:
            namespace["train_on_batch"] = saved
    return results


def _rising(c: np.ndarray) -> float:
    return float(np.mean(c[1:] > c[:-1]))


def _tail_mean(c: np.ndarray) -> float:
    return float(np.mean(c[-50:]))


def _fits(c: np.ndarray) -> tuple[bool, str]:
    if not np.all(np.isfinite(c)):
        return False, "a loss is inf or NaN; a run that fits the batch stays finite"
    if not c[-1] < 0.05 * c[0]:
        return False, (
            f"the last loss ({_fmt(c[-1])}) is {c[-1] / c[0]:.0%} of the first ({_fmt(c[0])}), not below 5%: "
            "it does not fit the batch"
        )
    return True, f"fits the batch: the last loss is {c[-1] / c[0]:.1%} of the first (below 5%)"


def _too_low(c: np.ndarray) -> tuple[bool, str]:
    if not np.all(np.isfinite(c)):
        return False, "a loss is inf or NaN; a learning rate far too low leaves the loss finite"
    ratio, rising = c[-1] / c[0], _rising(c)
    if not c[-1] > 0.8 * c[0]:
        return False, f"the last loss is {ratio:.0%} of the first, not above 80%: the run still learns a lot"
    if not c[-1] <= c[0]:
        return False, f"the last loss is {ratio:.0%} of the first: it ends above where it started"
    if not rising < 0.1:
        return False, f"{rising:.0%} of the steps rise, not under 10%: a rate too low gives a smooth, slow decline"
    return True, f"barely moves: the last loss is {ratio:.0%} of the first, with {rising:.0%} of the steps rising"


def _too_high(c: np.ndarray) -> tuple[bool, str]:
    if not np.all(np.isfinite(c)):
        return True, "diverges: the loss becomes inf or NaN"
    largest, rising, tail = float(np.max(c)), _rising(c), _tail_mean(c)
    if largest > 10 * c[0]:
        return True, f"diverges: the largest loss is {largest / c[0]:.3g} times the first (above 10)"
    if rising > 0.2 and tail > 0.05 * c[0]:
        return (
            True,
            f"oscillates: {rising:.0%} of the steps rise and the last 50 losses stay at {tail / c[0]:.0%} of the first",
        )
    return False, (
        "neither diverges (inf or NaN, or a loss above 10 times the first: here at most "
        f"{largest / c[0]:.3g} times) nor oscillates (more than 20% of the steps rising, here {rising:.0%}, "
        f"with the last 50 losses averaging above 5% of the first, here {tail / c[0]:.1%})"
    )


def _shuffled(c: np.ndarray) -> tuple[bool, str]:
    if not np.all(np.isfinite(c)):
        return False, "a loss is inf or NaN; shuffled labels leave the loss finite"
    tail, lowest = _tail_mean(c), float(np.min(c))
    if not 1.7 < tail < 2.6:
        return False, (
            f"the last 50 losses average {tail:.3g}, outside 1.7 to 2.6 (around ln 10 = 2.30): labels re-shuffled "
            "at every step leave nothing to learn beyond the class frequencies"
        )
    if not lowest > 1.0:
        return False, (
            f"the loss falls to {lowest:.3g}, not staying above 1.0: the model fits the labels, so they are not "
            "re-shuffled at every step"
        )
    return True, f"hovers around ln 10: the last 50 losses average {tail:.3g} and never fall below 1.0"


def _unstable(c: np.ndarray) -> tuple[bool, str]:
    if np.all(np.isfinite(c)):
        return False, "every loss is finite: the unstable softmax must produce inf or NaN"
    step = int(np.flatnonzero(~np.isfinite(c))[0])
    return True, f"produces inf or NaN (from step {step})"


RULES: dict[str, tuple[str, Callable[[np.ndarray], tuple[bool, str]]]] = {
    "curve_healthy": ("fits the batch", _fits),
    "curve_lr_too_low": ("barely moves", _too_low),
    "curve_lr_too_high": ("oscillates or diverges", _too_high),
    "curve_shuffled_labels": ("hovers around ln 10", _shuffled),
    "curve_numerical_instability": ("produces inf or NaN", _unstable),
    "curve_too_big_model": ("still fits the batch", _fits),
}


@judge("test_failure_modes")
def failure_modes_visible(ctx: Context) -> Probe:
    # the visible cell checks all six curves by the table's rules; so does this judge, on the same seed
    def decide(results: Any) -> Verdict:
        if not isinstance(results, dict):
            return Verdict.failed(INCOMPLETE)
        problems = []
        for name in CURVES:
            problem, losses = _read_losses(results.get(name), STEPS, f"{name}()")
            if problem:
                problems.append(problem)
                continue
            shows, rule = RULES[name]
            ok, why = rule(losses)
            if not ok:
                problems.append(f"{name}() should show that it {shows}, but {why}")
        return Verdict.unless(problems, "all six curves show what the table of section 2 asks for")

    return Probe(probe_curves, {"names": CURVES, "seed": 0}, decide)


@judge("test_failure_modes_hidden")
def failure_modes_hidden(ctx: Context) -> Probe:
    def decide(results: Any) -> Verdict:
        if not isinstance(results, dict):
            return Verdict.failed(INCOMPLETE)
        items = []
        for name in CURVES:
            shows, rule = RULES[name]
            problem, losses = _read_losses(results.get(name), STEPS, f"{name}()")
            if problem:
                items.append(Item(name, False, problem))
                continue
            ok, why = rule(losses)
            items.append(Item(name, ok, f"{name}() {'' if ok else 'should show that it ' + shows + ', but '}{why}"))
        return Verdict.per_item(items)

    return Probe(probe_curves, {"names": CURVES, "seed": int(ctx.rng.integers(0, 2**31))}, decide)


# ---------------------------------------------------------------------------------------------------------------
# diagnose: the six rules, on textbook shapes and on real runs with new seeds.

LABELS = {"explodes", "goes_up", "oscillates", "converges", "plateaus"}


def reference_diagnose(losses: list[float]) -> str:
    if any(not math.isfinite(v) for v in losses):
        return "explodes"
    first, last, largest = losses[0], losses[-1], max(losses)
    rising = sum(b > a for a, b in itertools.pairwise(losses)) / (len(losses) - 1)
    tail = losses[-50:]
    tail_mean = sum(tail) / len(tail)
    tail_change = sum(abs(b - a) for a, b in itertools.pairwise(tail)) / (len(tail) - 1)
    if rising > 0.8 and last > 2 * first and last >= 0.5 * largest:
        return "goes_up"
    if largest > 1000 * first:
        return "explodes"
    if rising > 0.2 and tail_mean > 0.001 * first and tail_change > 0.05 * tail_mean:
        return "oscillates"
    if tail_mean < 0.05 * first:
        return "converges"
    return "plateaus"


def probe_diagnose(learner, inputs):
    """Call diagnose on each curve (a list of Python floats); report what it returned or raised."""
    out = []
    for curve in inputs["curves"]:
        losses = [float(v) for v in curve.tolist()]
        try:
            out.append({"value": learner.diagnose(losses)})
        except Exception as exc:
            out.append({"raised": f"{type(exc).__name__}: {exc}"})
    return out


def _judge_diagnose(names: list[str], curves: list[np.ndarray], hints: dict[str, str] | None = None):
    wanted = [reference_diagnose(c.tolist()) for c in curves]

    def decide(results: Any) -> Verdict:
        if not isinstance(results, list) or len(results) != len(curves):
            return Verdict.failed(INCOMPLETE)
        problems = []
        for name, want, got in zip(names, wanted, results):
            raised = _raised(got)
            value = got.get("value") if isinstance(got, dict) else None
            if raised is not None:
                problems.append(f"{name} -> raised {raised}")
            elif not isinstance(value, str) or value not in LABELS:
                problems.append(f"{name} -> {kind(value)}, not one of the five labels")
            elif value != want:
                hint = (hints or {}).get(name)
                problems.append(f"{hint}, got {value!r}" if hint else f"mislabelled: {name} -> {value!r}")
        return Verdict.unless(problems, "diagnose labels every curve by the rules")

    return decide


@judge("test_diagnose")
def diagnose_visible(ctx: Context) -> Probe:
    decay = [2.3 * 0.95**i for i in range(200)]
    flat = [2.3 - 0.001 * i for i in range(200)]
    zigzag = [2.3 + (1.0 if i % 2 else -1.0) * (0.5 + 0.001 * i) for i in range(200)]
    cases = {
        "a smooth decay": (decay, "a smooth decay to ~0 is 'converges'"),
        "a slow, smooth decline": (flat, "a slow, smooth decline is 'plateaus'"),
        "a NaN after a decay": (decay[:100] + [float("nan")] * 100, "a NaN anywhere means 'explodes'"),
        "a large zigzag": (zigzag, "a large zigzag is 'oscillates'"),
    }
    names = list(cases)
    curves = [np.array(c, dtype=np.float64) for c, _ in cases.values()]
    hints = {name: hint for name, (_, hint) in cases.items()}
    return Probe(probe_diagnose, {"curves": curves}, _judge_diagnose(names, curves, hints))


def _real_curve(seed: int, make_opt: Callable, loss_fn: Callable | None = None) -> list[float]:
    ce = torch.nn.functional.cross_entropy
    loss_fn = loss_fn or ce
    with _reference_run():
        xb, yb = make_batch(seed)
        model = make_model(seed)
        opt = make_opt(model.parameters())
        torch.manual_seed(seed)
        out = []
        for _ in range(200):
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            out.append(loss.item())
            loss.backward()
            opt.step()
    return out


def _shuffled_ce(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    return torch.nn.functional.cross_entropy(logits, labels[torch.randperm(len(labels))])


def _diagnose_cases(seed: int) -> dict[str, tuple[list[float], str]]:
    sgd, adam = torch.optim.SGD, torch.optim.Adam
    return {
        "Adam 1e-2": (_real_curve(seed, lambda p: adam(p, lr=1e-2)), "converges"),
        "SGD 1e-4": (_real_curve(seed, lambda p: sgd(p, lr=1e-4)), "plateaus"),
        "SGD 50": (_real_curve(seed, lambda p: sgd(p, lr=50.0)), "explodes"),
        "Adam 1.0": (_real_curve(seed, lambda p: adam(p, lr=1.0)), "oscillates"),
        "shuffled labels": (_real_curve(seed, lambda p: adam(p, lr=1e-2), _shuffled_ce), "plateaus"),
        "gradient ascent, SGD": (_real_curve(seed, lambda p: sgd(p, lr=0.05, maximize=True)), "goes_up"),
        "gradient ascent, Adam": (_real_curve(seed, lambda p: adam(p, lr=1e-3, maximize=True)), "goes_up"),
        "one huge spike": ([2.0] * 100 + [5000.0] + [2.0] * 99, "explodes"),
        "NaN after a fall": ([2.0 * 0.97**i for i in range(150)] + [float("nan")] * 50, "explodes"),
        "short run": ([3.0 * 0.8**i for i in range(60)], "converges"),
    }


SCALES = (1.0, 0.01, 300.0)


@judge("test_diagnose_hidden")
def diagnose_hidden(ctx: Context) -> Probe:
    # a new seed whose runs show what each kind of run is meant to show, at every scale (the rules were measured
    # to do so for every seed tried; the check keeps the hidden cases teaching what they say)
    for _ in range(20):
        cases = _diagnose_cases(int(ctx.rng.integers(1000, 100_000)))
        if all(reference_diagnose([v * s for v in c]) == label for c, label in cases.values() for s in SCALES):
            break
    names, curves = [], []
    for name, (curve, _) in cases.items():
        for scale in SCALES:
            names.append(f"{name} (losses x {scale:g})")
            curves.append(np.array([v * scale for v in curve], dtype=np.float64))
    return Probe(probe_diagnose, {"curves": curves}, _judge_diagnose(names, curves))


# ---------------------------------------------------------------------------------------------------------------
# causes: the exam question, on the four mystery curves. All or nothing per curve.

CHOICES = {"shuffled_labels", "lr_too_low", "lr_too_high", "numerical_instability", "too_big_model"}
CAUSES_KEY = {
    "A": frozenset({"lr_too_low"}),
    "B": frozenset({"shuffled_labels", "lr_too_high"}),
    "C": frozenset({"numerical_instability", "lr_too_high"}),
    "D": frozenset(),
}
CAUSES_WHY = {
    "A": (
        "a smooth, slow decline is what steps that are far too small give (the direction is right, the progress "
        "tiny), while shuffled labels would hover noisily near ln 10 and a rate too high would jump or blow up"
    ),
    "B": (
        "noisy and flat near ln 10 means the model learns nothing beyond the class frequencies: labels re-shuffled "
        "at every step carry no signal, and a learning rate so high that the first updates kill the ReLUs leaves "
        "the same flat, noisy curve (the small model at SGD lr 15 in section 2), so the curve alone cannot tell "
        "the two apart"
    ),
    "C": (
        "inf or NaN comes from an overflow: a hand-written exp/softmax/log overflows by itself, and a learning rate "
        "too high makes the weights and logits grow until the loss overflows too"
    ),
    "D": (
        "a loss close to zero means the batch was memorised, so nothing failed: a wider or deeper model of the same "
        "kind fits one batch at least as easily, so too_big_model is no cause here (a far deeper plain stack can "
        "fail to fit, but through vanishing gradients, not its size)"
    ),
}


def _shown(value: Any) -> str:
    if isinstance(value, frozenset):
        return "{" + ", ".join(repr(v) for v in sorted(value, key=str)) + "}" if value else "set()"
    return kind(value)


@judge("test_causes")
def causes_form(ctx: Context) -> Probe:
    def decide(answer: Any) -> Verdict:
        if not isinstance(answer, dict):
            return Verdict.failed(f"CAUSES must be a dict with str keys, not {kind(answer)}")
        if set(answer) != set(CAUSES_KEY):
            return Verdict.failed(f"CAUSES needs the keys A, B, C, D, got {sorted(answer)}")
        problems = []
        for curve in sorted(answer):
            causes = answer[curve]
            if not isinstance(causes, frozenset):
                problems.append(f"CAUSES[{curve!r}] must be a set (use set() for none), not {kind(causes)}")
            elif not causes <= CHOICES:
                unknown = sorted(map(repr, causes - CHOICES))
                problems.append(f"CAUSES[{curve!r}] has unknown causes: {', '.join(unknown)}")
        return Verdict.unless(problems, "CAUSES is well formed")

    return Probe(probe_value, {"name": "CAUSES"}, decide)


@judge("test_causes_hidden")
def causes(ctx: Context) -> Probe:
    return choice_probe("CAUSES", CAUSES_KEY, CAUSES_WHY, label="curve {}".format, shown=_shown)


# ---------------------------------------------------------------------------------------------------------------
# fixed_step: train_step from eval mode with stale gradients, against a correct step.


def _reference_step(model, optimizer, xb, yb):
    model.train()
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(xb), yb)
    loss.backward()
    optimizer.step()
    return loss.item()


def _make_step_optimizer(case: dict, params) -> torch.optim.Optimizer:
    if case["opt"] == "sgd":
        return torch.optim.SGD(params, lr=case["lr"], momentum=case["momentum"])
    return torch.optim.Adam(params, lr=case["lr"])


def _reference_trajectory(case: dict) -> tuple[np.ndarray, list[np.ndarray]]:
    with _reference_run():
        xb, yb = make_batch(case["seed"])
        model = make_dropout_model(case["seed"])
        model.eval()
        opt = _make_step_optimizer(case, model.parameters())
        for p in model.parameters():
            p.grad = torch.full_like(p, 0.5)
        torch.manual_seed(case["seed"])
        losses = [_reference_step(model, opt, xb, yb) for _ in range(case["steps"])]
        weights = [p.detach().numpy().copy() for p in model.parameters()]
    return np.array(losses, dtype=np.float64), weights


def probe_fixed_step(learner, inputs):
    """Run train_step from eval mode (with stale gradients when asked); report losses, weights and the mode."""
    import numpy as np
    import torch

    from mlexam.learner.single_batch import (
        make_batch,
        make_dropout_model,
    )

    def report(out):
        if not isinstance(out, (list, tuple)):
            return {"list": False, "type": type(out).__name__}
        kinds = ["float" if isinstance(v, float) else type(v).__name__ for v in out]
        values = [float.__float__(v) if isinstance(v, float) else float("nan") for v in out]
        return {
            "list": isinstance(out, list),
            "type": type(out).__name__,
            "kinds": kinds,
            "values": np.array(values, dtype=np.float64),
        }

    results = []
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        for case in inputs["cases"]:
            with torch.random.fork_rng(devices=[]):
                xb, yb = make_batch(case["batch_seed"])
                model = make_dropout_model(case["seed"])
                model.eval()
                if case["opt"] == "sgd":
                    opt = torch.optim.SGD(model.parameters(), lr=case["lr"], momentum=case["momentum"])
                else:
                    opt = torch.optim.Adam(model.parameters(), lr=case["lr"])
                if case["stale"]:
                    for p in model.parameters():
                        p.grad = torch.full_like(p, 0.5)
                torch.manual_seed(case["seed"])
                try:
                    losses = [learner.train_step(model, opt, xb, yb) for _ in range(case["steps"])]
                except Exception as exc:
                    results.append({"raised": f"{type(exc).__name__}: {exc}"})
                    continue
                weights = [p.detach().cpu().numpy().copy() for p in model.parameters()]
                results.append({"out": report(losses), "weights": weights, "training": model.training is True})
    finally:
        torch.set_num_threads(threads)
    return results


@judge("test_fixed_step")
def fixed_step_visible(ctx: Context) -> Probe:
    case = {"seed": 1, "batch_seed": 0, "opt": "adam", "lr": 1e-2, "momentum": 0.0, "stale": False, "steps": 50}

    def decide(results: Any) -> Verdict:
        if not isinstance(results, list) or len(results) != 1:
            return Verdict.failed(INCOMPLETE)
        got = results[0]
        raised = _raised(got)
        if raised is not None:
            return Verdict.failed(f"train_step raised {raised}")
        problem, losses = _read_losses(got.get("out") if isinstance(got, dict) else None, 50, "50 steps")
        if problem:
            return Verdict.failed(problem.replace("50 steps: ", "", 1))
        if got.get("training") is not True:
            return Verdict.failed("train_step must put the model in train mode: model.train()")
        if not losses[-1] < 0.5:
            return Verdict.failed(
                f"after 50 steps the loss is {losses[-1]:.2f}: is a softmax still applied before the loss?"
            )
        return Verdict.passed(f"fixed step: loss {losses[0]:.2f} -> {losses[-1]:.2f}")

    return Probe(probe_fixed_step, {"cases": [case]}, decide)


@judge("test_fixed_step_hidden")
def fixed_step_hidden(ctx: Context) -> Probe:
    seeds = [int(s) for s in ctx.rng.choice(np.arange(1000, 100_000), size=2, replace=False)]
    cases = [
        {"name": "SGD with momentum", "seed": seeds[0], "opt": "sgd", "lr": 0.1, "momentum": 0.9},
        {"name": "Adam", "seed": seeds[1], "opt": "adam", "lr": 1e-2, "momentum": 0.0},
    ]
    for case in cases:
        case.update({"batch_seed": case["seed"], "stale": True, "steps": 10})

    def decide(results: Any) -> Verdict:
        if not isinstance(results, list) or len(results) != len(cases):
            return Verdict.failed(INCOMPLETE)
        problems = []
        for case, got in zip(cases, results):
            name = f"{case['name']}, from eval mode with stale gradients"
            raised = _raised(got)
            if raised is not None:
                problems.append(f"{name}: raised {raised}")
                continue
            if not isinstance(got, dict):
                problems.append(f"{name}: {INCOMPLETE}")
                continue
            problem, losses = _read_losses(got.get("out"), case["steps"], name)
            if problem:
                problems.append(problem)
                continue
            want_losses, want_weights = _reference_trajectory(case)
            i = _first_difference(losses, want_losses, 1e-5, 1e-6)
            if i is not None:
                problems.append(f"{name}: the loss of step {i} differs from a correct step's")
                continue
            problem = _weights_problem(got.get("weights"), want_weights, 1e-5, 1e-6, name)
            if problem:
                problems.append(problem.replace("the plain PyTorch loop's", "a correct step's"))
        return Verdict.unless(problems, "train_step matches a correct step, step for step")

    return Probe(probe_fixed_step, {"cases": cases}, decide)
