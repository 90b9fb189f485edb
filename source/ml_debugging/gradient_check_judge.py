"""Judges of gradient_check.ipynb: a numerical gradient, a relative error, and which of six hand-written backward
passes are wrong.

The kernel calls the learner's functions on inputs chosen here and reports what they returned (and `x` after the
call); the references (central differences computed here, the relative error by its formula) and the key of the
six custom Functions live only in this file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from mlexam.course.judging import Context, Item, Judges, Probe, Verdict, kind, probe_value

judge = Judges()

INCOMPLETE = "the test's result was incomplete"


def _raised(got: Any) -> str | None:
    """The learner's exception, as the probe reported it, or None."""
    if isinstance(got, dict) and "raised" in got:
        return str(got["raised"])[:300]
    return None


# ---------------------------------------------------------------------------------------------------------------
# numgrad: numerical_gradient(f, x, eps=1e-6), central differences, x left as it was.


def probe_numgrad(learner, inputs):
    """Call numerical_gradient on each case; report what it returned (type, dtype, values) and x after the call."""
    import numpy as np
    import torch

    def make_f(case):
        w = torch.from_numpy(np.array(case["w"], dtype=np.float64))
        a, b = float(case["a"]), float(case["b"])
        if case["kind"] == "cube_sin":

            def f(t):
                return (t**3).sum() / 3 + torch.sin(t).sum()
        elif case["kind"] == "mix":

            def f(t):
                return (w * torch.sin(a * t)).sum() + 0.5 * (t * t).sum() + torch.logsumexp(b * t.reshape(-1), 0)
        else:

            def f(t):
                return (w * torch.exp(a * t)).sum()

        return f

    results = []
    for case in inputs["cases"]:
        x = torch.from_numpy(np.array(case["x"], dtype=np.float64))
        f = make_f(case)
        try:
            if case["eps"] is None:
                out = learner.numerical_gradient(f, x)
            else:
                out = learner.numerical_gradient(f, x, eps=case["eps"])
        except Exception as exc:
            results.append({"raised": f"{type(exc).__name__}: {exc}"})
            continue
        report = {
            "type": type(out).__name__,
            "tensor": isinstance(out, torch.Tensor),
            "x_after": x.detach().cpu().numpy().copy(),
        }
        if isinstance(out, torch.Tensor):
            report["dtype"] = str(out.dtype)
            report["shape"] = list(out.shape)
            if out.dtype == torch.float64:
                report["value"] = out.detach().cpu().numpy().copy()
        results.append(report)
    return results


def _function(case: dict) -> Callable[[torch.Tensor], torch.Tensor]:
    """The case's scalar function, as the probe builds it in the kernel."""
    w = torch.from_numpy(np.array(case["w"], dtype=np.float64))
    a, b = float(case["a"]), float(case["b"])
    if case["kind"] == "cube_sin":
        return lambda t: (t**3).sum() / 3 + torch.sin(t).sum()
    if case["kind"] == "mix":
        return lambda t: (w * torch.sin(a * t)).sum() + 0.5 * (t * t).sum() + torch.logsumexp(b * t.reshape(-1), 0)
    return lambda t: (w * torch.exp(a * t)).sum()


def _magnitude(case: dict) -> float:
    """The size of the terms f sums at x (what its round-off scales with), at least 1."""
    x, w, a, b = np.asarray(case["x"]), np.asarray(case["w"]), float(case["a"]), float(case["b"])
    if case["kind"] == "cube_sin":
        size = np.abs(x**3).sum() / 3 + np.abs(np.sin(x)).sum()
    elif case["kind"] == "mix":
        size = np.abs(w * np.sin(a * x)).sum() + 0.5 * (x * x).sum() + np.abs(b * x).max() + np.log(x.size) + 1
    else:
        size = np.abs(w * np.exp(a * x)).sum()
    return 1.0 + float(size)


def _differences(case: dict, eps: float, central: bool = True) -> np.ndarray:
    """Central (or forward) differences of the case's function at its x, computed here."""
    f = _function(case)
    base = torch.from_numpy(np.array(case["x"], dtype=np.float64))
    grad = np.zeros(base.shape)
    flat = grad.reshape(-1)
    f0 = float(f(base))
    for i in range(base.numel()):
        plus = base.clone()
        plus.view(-1)[i] += eps
        if central:
            minus = base.clone()
            minus.view(-1)[i] -= eps
            flat[i] = (float(f(plus)) - float(f(minus))) / (2 * eps)
        else:
            flat[i] = (float(f(plus)) - f0) / eps
    return grad


def _exact(case: dict) -> np.ndarray:
    leaf = torch.from_numpy(np.array(case["x"], dtype=np.float64)).requires_grad_(True)
    _function(case)(leaf).backward()
    return leaf.grad.numpy().copy()


def _within(got: np.ndarray, want: np.ndarray, tol: np.ndarray) -> bool:
    return bool(np.all(np.isfinite(got)) and np.all(np.abs(got - want) <= tol))


def _form_problem(case: dict, got: Any) -> tuple[str | None, np.ndarray | None]:
    """(problem, gradient): the form of what numerical_gradient returned and x after the call."""
    name = case["name"]
    if not isinstance(got, dict):
        return f"{name}: {INCOMPLETE}", None
    raised = _raised(got)
    if raised is not None:
        return f"{name}: numerical_gradient raised {raised}", None
    if got.get("tensor") is not True:
        return f"{name}: return a torch.Tensor, not a {str(got.get('type', 'value'))[:60]}", None
    x = np.asarray(case["x"], dtype=np.float64)
    shape = got.get("shape")
    if not isinstance(shape, list) or tuple(shape) != x.shape:
        return (
            f"{name}: the gradient has shape {tuple(shape) if isinstance(shape, list) else '?'}, x has {x.shape}",
            None,
        )
    if got.get("dtype") != "torch.float64":
        return (
            f"{name}: the gradient is {str(got.get('dtype'))[:40]}: keep x's dtype, float64 (torch.zeros_like(x))",
            None,
        )
    value, after = got.get("value"), got.get("x_after")
    if not isinstance(value, np.ndarray) or value.shape != x.shape or value.dtype != np.float64:
        return f"{name}: {INCOMPLETE}", None
    if not isinstance(after, np.ndarray) or after.shape != x.shape or after.dtype.kind != "f":
        return f"{name}: {INCOMPLETE}", None
    off = np.abs(after.astype(np.float64) - x)
    if not np.all(off <= 1e-12 * (1 + np.abs(x))):
        at = tuple(int(i) for i in np.unravel_index(int(np.argmax(np.where(np.isnan(off), np.inf, off))), x.shape))
        return (
            f"{name}: x is not as it was after the call (element {at} moved by {off[at]:.1e}): restore every "
            "element you perturb",
            None,
        )
    return None, value


def _numgrad_problem(case: dict, got: Any) -> str | None:
    problem, value = _form_problem(case, got)
    if problem:
        return problem
    assert value is not None
    name, eps = case["name"], case["eps"] if case["eps"] is not None else 1e-6
    want = _differences(case, eps)
    tol = 2e-15 * _magnitude(case) / eps + 1e-9 * np.abs(want)
    if _within(value, want, tol):
        return None
    if _within(value, _differences(case, eps, central=False), tol):
        return (
            f"{name}: these are forward differences, (f(x + eps) - f(x)) / eps, whose error is of order eps; use "
            "central differences"
        )
    if case["eps"] is not None and _within(value, _exact(case), 1e-6 * (1 + np.abs(want))):
        return f"{name}: with eps={eps:g} the result should be the central difference at that step: is eps used?"
    bad = ~(np.isfinite(value) & (np.abs(value - want) <= tol))
    at = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), value.shape))
    return (
        f"{name}: wrong at index {at}: got {value[at]:.10g}, central differences with eps={eps:g} give {want[at]:.10g}"
    )


def _case(name: str, kind_: str, x: np.ndarray, eps: float | None, rng: np.random.Generator | None = None) -> dict:
    x = np.asarray(x, dtype=np.float64)
    if rng is None:
        w, a, b = np.zeros_like(x), 1.0, 1.0
    elif kind_ == "mix":
        w, a, b = rng.normal(size=x.shape), float(rng.uniform(0.5, 2.0)), float(rng.uniform(0.5, 1.5))
    else:
        w = rng.uniform(0.5, 1.5, size=x.shape) * rng.choice([-1.0, 1.0], size=x.shape)
        a, b = float(rng.uniform(1.5, 2.5)), 1.0
    return {"name": name, "kind": kind_, "x": x, "w": np.asarray(w, dtype=np.float64), "a": a, "b": b, "eps": eps}


VISIBLE_X = np.array([[0.5, -1.0, 2.0], [1.5, 0.0, -0.3]])


@judge("test_numgrad")
def numgrad_visible(ctx: Context) -> Probe:
    case = _case("the visible test's x", "cube_sin", VISIBLE_X, None)

    def decide(results: Any) -> Verdict:
        if not isinstance(results, list) or len(results) != 1:
            return Verdict.failed(INCOMPLETE)
        problem, value = _form_problem(case, results[0])
        if problem:
            return Verdict.failed(problem.replace(f"{case['name']}: ", "", 1))
        assert value is not None
        exact = VISIBLE_X**2 + np.cos(VISIBLE_X)
        worst = float(np.max(np.abs(value - exact)))
        if not worst < 1e-8:
            return Verdict.failed(
                f"the gradient is off the exact one by up to {worst:.1e}; central differences with eps=1e-6 are "
                "within 1e-8 here (a forward difference is off by about eps/2 * f'', here up to 1.5e-6)"
            )
        return Verdict.passed(f"numerical_gradient works: within {worst:.0e} of the exact gradient")

    return Probe(probe_numgrad, {"cases": [case]}, decide)


@judge("test_numgrad_hidden")
def numgrad_hidden(ctx: Context) -> Probe:
    rng = ctx.rng
    rows, cols = int(rng.integers(2, 4)), int(rng.integers(3, 6))
    cases = [
        _case(f"a ({rows}, {cols}) tensor, default eps", "mix", rng.normal(size=(rows, cols)), None, rng),
        _case("a 0-d tensor, default eps", "mix", np.array(rng.normal()), None, rng),
        _case("a (2, 2, 3) tensor, eps=1e-4", "mix", rng.normal(size=(2, 2, 3)), 1e-4, rng),
        _case("a (5,) tensor of exponentials, eps=1e-2", "exp", rng.uniform(-1, 1, size=5), 1e-2, rng),
    ]

    def decide(results: Any) -> Verdict:
        if not isinstance(results, list) or len(results) != len(cases):
            return Verdict.failed(INCOMPLETE)
        problems = [p for case, got in zip(cases, results) if (p := _numgrad_problem(case, got))]
        return Verdict.unless(problems, "numerical_gradient gives central differences on every case and leaves x be")

    return Probe(probe_numgrad, {"cases": cases}, decide)


# ---------------------------------------------------------------------------------------------------------------
# relerror: max_relative_error(a, b) = max |a - b| / max(|a|, |b|, 1e-12), a float.


def probe_relerror(learner, inputs):
    """Call max_relative_error on each pair; report the value returned (as data) and its type."""
    import numpy as np
    import torch

    results = []
    for case in inputs["cases"]:
        a = torch.from_numpy(np.array(case["a"], dtype=np.float64))
        b = torch.from_numpy(np.array(case["b"], dtype=np.float64))
        try:
            out = learner.max_relative_error(a, b)
        except Exception as exc:
            results.append({"raised": f"{type(exc).__name__}: {exc}"})
            continue
        results.append({"value": out, "type": type(out).__name__})
    return results


def reference_relerror(a: np.ndarray, b: np.ndarray) -> float:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-12)))


def _close(value: float, want: float) -> bool:
    return abs(value - want) <= 1e-9 * abs(want) + 1e-15


def _relerror_problem(case: dict, got: Any) -> str | None:
    name = case["name"]
    if not isinstance(got, dict):
        return f"{name}: {INCOMPLETE}"
    raised = _raised(got)
    if raised is not None:
        return f"{name}: max_relative_error raised {raised}"
    value = got.get("value")
    if type(value) is not float:
        shown = str(got.get("type", "value"))[:60]
        return f"{name}: return a Python float (.item()), not a {shown}" + (
            f" ({kind(value)})" if isinstance(value, np.ndarray) else ""
        )
    a, b = np.asarray(case["a"], dtype=np.float64), np.asarray(case["b"], dtype=np.float64)
    want = reference_relerror(a, b)
    if _close(value, want):
        return None
    if np.isnan(value):
        return f"{name}: got nan; where both tensors are 0, 0/0 is nan: guard the denominator"
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-12)
        one_sided = [np.abs(a - b) / np.maximum(np.abs(s), 1e-12) for s in (a, b)]
    if _close(value, float(np.mean(ratios))):
        return f"{name}: got {value:.6g}, the mean over the elements; the error is the largest one, {want:.6g}"
    if any(_close(value, float(np.max(r))) for r in one_sided):
        return (
            f"{name}: got {value:.6g}, expected {want:.6g}: divide by the larger of |a| and |b|, so that the "
            "order of the arguments does not matter"
        )
    return f"{name}: got {value:.6g}, expected {want:.6g}"


def _pair(name: str, a: Any, b: Any) -> dict:
    return {"name": name, "a": np.asarray(a, dtype=np.float64), "b": np.asarray(b, dtype=np.float64)}


def _judge_relerror(cases: list[dict], passed: str) -> Callable[[Any], Verdict]:
    def decide(results: Any) -> Verdict:
        if not isinstance(results, list) or len(results) != len(cases):
            return Verdict.failed(INCOMPLETE)
        problems = [p for case, got in zip(cases, results) if (p := _relerror_problem(case, got))]
        return Verdict.unless(problems, passed)

    return decide


@judge("test_relerror")
def relerror_visible(ctx: Context) -> Probe:
    a, b = [1.0, 2.0, 4.0], [1.1, 2.0, 4.0]
    cases = [_pair("two equal tensors of zeros", np.zeros(3), np.zeros(3)), _pair("a, b", a, b), _pair("b, a", b, a)]
    return Probe(probe_relerror, {"cases": cases}, _judge_relerror(cases, "max_relative_error works on the pairs"))


@judge("test_relerror_hidden")
def relerror_hidden(ctx: Context) -> Probe:
    rng = ctx.rng
    base = rng.normal(size=(4, 5))
    shifted = base * (1 + 1e-6 * rng.normal(size=(4, 5)))
    big = rng.uniform(0.5, 2.0, size=4)
    small = big.copy()
    k = int(rng.integers(0, 4))
    small[k] = big[k] * 1e-3
    zeros_a = np.concatenate([[0.0, 0.0], rng.uniform(0.5, 2.0, size=4)])
    zeros_b = zeros_a * np.concatenate([[1.0, 1.0], 1 + rng.uniform(0.01, 0.2, size=4)])
    cube = rng.normal(size=(2, 3, 4))
    outlier = cube + 1e-9 * rng.normal(size=(2, 3, 4))
    at = tuple(int(rng.integers(0, n)) for n in (2, 3, 4))
    outlier[at] = -cube[at]
    scalar = float(rng.uniform(1.0, 3.0))
    cases = [
        _pair("two equal (3, 4) tensors of zeros", np.zeros((3, 4)), np.zeros((3, 4))),
        _pair("two equal random (2, 3) tensors", base[:2, :3], base[:2, :3].copy()),
        _pair("a (4, 5) tensor and a copy perturbed by about 1e-6", base, shifted),
        _pair("zeros in both at the same places", zeros_a, zeros_b),
        _pair("an element of b a thousand times smaller than a's (a, b)", big, small),
        _pair("an element of b a thousand times smaller than a's (b, a)", small, big),
        _pair("values near the floor: a = [1e-13, 0.5], b = [0, 0.5]", [1e-13, 0.5], [0.0, 0.5]),
        _pair("0-d tensors", scalar, scalar + 0.5),
        _pair("a zero against a non-zero", [0.0, 1.0, 2.0], [0.3, 1.0, 2.0]),
        _pair("a (2, 3, 4) tensor with one element of the wrong sign", cube, outlier),
    ]
    passed = "max_relative_error matches the formula on every pair"
    return Probe(probe_relerror, {"cases": cases}, _judge_relerror(cases, passed))


# ---------------------------------------------------------------------------------------------------------------
# buggy_backward: BUGGY, the set of the six Functions whose backward is wrong. One point per function.

NAMES = ["Swish", "Softmax", "LayerNorm", "Linear", "LogSumExp", "Normalize"]
BUGGY_KEY = frozenset({"LayerNorm", "Linear", "Normalize"})
BUGGY_WHY = {
    "Swish": (
        "Right backward: by the product rule the derivative of x sigmoid(x) is s + x s (1 - s) with s = sigmoid(x), "
        "exactly the factor backward multiplies grad_output by (the notebook's float64 check: about 1.6e-7, round-off "
        "made larger by elements whose gradient is close to zero)"
    ),
    "Softmax": (
        "Right backward: the Jacobian of softmax is diag(y) - y y^T, so the gradient is y * (g - sum(g * y)) with the "
        "sum over the same last axis as the forward pass, which is what backward returns (float64 check: about 3e-8)"
    ),
    "LayerNorm": (
        "Wrong backward, a missing term: it treats the standard deviation as a constant, but it depends on x, so the "
        "gradient is inv_std * (g - mean(g) - x_hat * mean(g * x_hat)) and the x_hat term is missing (x_hat is saved "
        "but never used; float64 check: about 1.6)"
    ),
    "Linear": (
        "Wrong backward, a transposed product: forward computes y = x W^T, so dL/dx = g W, but backward returns "
        "g W^T, and because W is square no shape error gives it away (float64 check: about 1.8)"
    ),
    "LogSumExp": (
        "Right backward: the derivative of log sum exp(x) is softmax(x) = exp(x - out), which backward forms from "
        "the saved output and scales by grad_output, unsqueezed over the reduced last axis (float64 check: about 5e-9)"
    ),
    "Normalize": (
        "Wrong backward, a wrong axis: the gradient of y = x / ||x|| is (g - y * sum(g * y)) / ||x|| with the sum over "
        "the last axis, as in forward, but backward sums over axis 1, which is the last axis only for 2-D inputs and "
        "the sequence axis of the notebook's (2, 3, 4) x (float64 check: about 1.3)"
    ),
}


@judge("test_buggy_backward")
def buggy_backward_form(ctx: Context) -> Probe:
    def decide(answer: Any) -> Verdict:
        if not isinstance(answer, frozenset):
            return Verdict.failed(f"BUGGY must be a set of names (use set() for none), not {kind(answer)}")
        if not all(isinstance(name, str) for name in answer):
            return Verdict.failed("BUGGY must hold the names as strings (keys of FUNCTIONS)")
        unknown = sorted(name for name in answer if name not in NAMES)
        if unknown:
            return Verdict.failed(
                f"BUGGY names functions this notebook does not define: {[u[:40] for u in unknown[:6]]}; use keys of "
                "FUNCTIONS"
            )
        return Verdict.passed(f"BUGGY is well formed: {len(answer)} of the {len(NAMES)} functions flagged")

    return Probe(probe_value, {"name": "BUGGY"}, decide)


@judge("test_buggy_backward_hidden")
def buggy_backward(ctx: Context) -> Probe:
    def decide(answer: Any) -> Verdict:
        given = answer if isinstance(answer, frozenset) else None
        items = []
        for name in NAMES:
            wrong = name in BUGGY_KEY
            if given is None:
                items.append(Item(name, False, f"{BUGGY_WHY[name]} (BUGGY is not a set: {kind(answer)})"))
                continue
            flagged = name in given
            ok = flagged == wrong
            you = "" if ok else f" (you {'flagged' if flagged else 'did not flag'} it)"
            items.append(Item(name, ok, BUGGY_WHY[name] + you))
        return Verdict.per_item(items)

    return Probe(probe_value, {"name": "BUGGY"}, decide)
