"""Judges of loss_functions.ipynb: the exam's loss choice, five losses built by hand, saturation, CTC and GANs.

The probes call the learner's functions on the judges' inputs and report what came back (values as float64
arrays, dtypes as strings, gradients, exceptions, the aten operations that ran, the time taken); references,
tolerances, keys and the "must not call" rules live here, outside the kernel.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from mlexam.course.judging import (
    Context,
    Judges,
    Probe,
    Verdict,
    choice_probe,
    forbidden_references,
    kind,
    number,
)

judge = Judges()

# --------------------------------------------------------------------------------------------------- probes


def probe_loss(learner, inputs):
    """Call a loss function on tensors made from the judge's arrays (reshaped to `shapes`: 0-dim arrays travel as
    shape (1,)). Report, per case, what it returned (type, dtype, shape, value as a float64 array of one element
    for a 0-dim tensor, the gradient of each 0-dim output with respect to the inputs marked `grad`) or what it
    raised; and the names of the torch (aten) operations that ran, for the "must not call" rules."""
    import torch

    from mlexam.testkit.probe import record_ops

    function = getattr(learner, inputs["function"])

    def tensor(value, leaves):
        if type(value) is not torch.Tensor:
            return {"type": type(value).__name__}
        report = {
            "type": "Tensor",
            "dtype": str(value.dtype),
            "shape": list(value.shape),
            "requires_grad": bool(value.requires_grad),
        }
        if value.dim() == 0 and not value.is_complex():
            report["value"] = value.detach().cpu().to(torch.float64).reshape(1)
        if value.requires_grad and value.dim() == 0 and leaves:
            try:
                grads = torch.autograd.grad(value, leaves, retain_graph=True, allow_unused=True)
                report["grads"] = [None if g is None else g.detach().cpu().to(torch.float64).reshape(-1) for g in grads]
            except Exception as exc:
                report["grad_error"] = f"{type(exc).__name__}: {exc}"[:300]
        return report

    results, ops = [], set()
    for case in inputs["cases"]:
        args, leaves = [], []
        for array, shape, grad in zip(case["args"], case["shapes"], case["grad"]):
            t = torch.from_numpy(array).reshape(shape).clone()
            if grad:
                t.requires_grad_()
                leaves.append(t)
            args.append(t)
        names = set()
        try:
            with record_ops() as names:
                out = function(*args)
                if isinstance(out, (tuple, list)):
                    report = {
                        "container": "tuple" if isinstance(out, tuple) else "list",
                        "length": len(out),
                        "outputs": [tensor(v, leaves) for v in list(out)[:4]],
                    }
                else:
                    report = {"container": None, "outputs": [tensor(out, leaves)]}
        except Exception as exc:
            report = {
                "raised": type(exc).__name__,
                "message": str(exc)[:300],
                "value_error": isinstance(exc, ValueError),
            }
        ops |= names
        results.append(report)
    return {"cases": results, "ops": sorted(ops)}


def probe_calls(learner, inputs):
    """Call one of the learner's functions on each case (`args`, `kwargs`), all within `seconds` when given.
    Report each value or error, whether the time ran out (then the cases not reached are missing), and the time."""
    import math
    import signal
    import threading
    import time

    function = getattr(learner, inputs["function"])
    seconds = inputs.get("seconds")

    class OutOfTime(BaseException):
        pass

    def expire(signum, frame):
        raise OutOfTime

    timed = bool(seconds) and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    results, timed_out, previous = [], False, None
    start = time.perf_counter()
    try:
        if timed:
            previous = signal.signal(signal.SIGALRM, expire)
            signal.setitimer(signal.ITIMER_REAL, seconds)
        for case in inputs["cases"]:
            try:
                value = function(*case["args"], **case["kwargs"])
                if isinstance(value, float) and not math.isfinite(value):  # NaN and inf are not JSON
                    results.append({"nonfinite": repr(float(value))})
                else:
                    results.append({"value": value})
            except Exception as exc:
                results.append({"raised": f"{type(exc).__name__}: {exc}"[:300]})
    except OutOfTime:
        timed_out = True
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return {"results": results, "timed_out": timed_out, "seconds": time.perf_counter() - start}


# ---------------------------------------------------------------------------------------- reading the data


def _cases(data: Any, n: int) -> list[dict] | None:
    """The per-case reports of a probe (`probe_loss`'s "cases" or `probe_calls`'s "results"), if well formed."""
    if not isinstance(data, dict):
        return None
    cases = data.get("cases", data.get("results"))
    if not isinstance(cases, list) or len(cases) != n or not all(isinstance(c, dict) for c in cases):
        return None
    return cases


def _ops(data: dict) -> set[str]:
    ops = data.get("ops")
    return {op for op in ops if isinstance(op, str)} if isinstance(ops, list) else set()


def _returned(result: dict) -> str:
    """What a `probe_calls` case returned, for a message."""
    if "nonfinite" in result:
        return str(result["nonfinite"])
    return kind(result.get("value"))


def _raised(report: dict) -> str | None:
    if "raised" not in report:
        return None
    return f"{report.get('raised')}: {report.get('message', '')}".rstrip(": ")


def _single(report: dict, what: str) -> tuple[dict | None, str | None]:
    """The one output of a case that should return one tensor, or what went wrong."""
    error = _raised(report)
    if error:
        return None, f"{what}: raised {error}"
    outputs = report.get("outputs")
    if report.get("container") is not None or not isinstance(outputs, list) or len(outputs) != 1:
        return None, f"{what}: return one tensor, not a {report.get('container')}"
    return (outputs[0], None) if isinstance(outputs[0], dict) else (None, f"{what}: not a tensor")


def _scalar_problem(out: dict, what: str, dtype: torch.dtype | None = None) -> str | None:
    """Whether `out` reports a plain 0-dim torch.Tensor (of `dtype`, when given) with a value."""
    if out.get("type") != "Tensor":
        return f"{what}: return a torch.Tensor, not a {out.get('type')}"
    if out.get("shape") != []:
        return f"{what}: return a 0-dim tensor (one number), got shape {tuple(out.get('shape') or ())}"
    if dtype is not None and out.get("dtype") != str(dtype):
        return f"{what}: {dtype} inputs gave a {out.get('dtype')} loss"
    value = out.get("value")
    if not isinstance(value, np.ndarray) or value.shape != (1,) or value.dtype != np.float64:
        return f"{what}: the loss's value could not be read"
    return None


def _value(out: dict) -> float:
    return float(out["value"][0])


def _close(got: float, want: float, rtol: float, atol: float) -> bool:
    return abs(got - want) <= atol + rtol * abs(want)


def _grad_problem(got: Any, want: torch.Tensor, rtol: float, atol: float, what: str) -> str | None:
    """Whether one reported gradient is finite and close to `want` (torch.allclose's rule)."""
    if got is None:
        return f"{what}: no gradient reached the input (is the loss detached from it?)"
    want_np = want.detach().to(torch.float64).numpy().reshape(-1)
    if not isinstance(got, np.ndarray) or got.shape != want_np.shape or got.dtype != np.float64:
        return f"{what}: the gradient could not be read"
    if not np.isfinite(got).all():
        return f"{what}: the gradient is not finite"
    if not (np.abs(got - want_np) <= atol + rtol * np.abs(want_np)).all():
        return f"{what}: wrong gradient with respect to the logits"
    return None


def _grads(out: dict, n: int) -> list | None:
    grads = out.get("grads")
    return grads if isinstance(grads, list) and len(grads) == n else None


def _loss_case(args: list[np.ndarray], grad: list[bool]) -> dict:
    """One call of a loss function: its arguments (with their shapes: 0-dim arrays travel as shape (1,))."""
    return {"args": args, "shapes": [list(a.shape) for a in args], "grad": grad}


def _forbidden(ctx: Context, question: str, names: set[str], ops: set[str], what: str) -> Callable[[dict], list[str]]:
    """The "must not call" findings: references in the solution cell's source, and forbidden operations that ran."""
    found = forbidden_references(ctx.solution(question), names)

    def findings(data: dict) -> list[str]:
        ran = sorted(_ops(data) & ops)
        problems = [f"must not call {what}: {line}" for line in found]
        if ran:
            problems.append(f"must not call {what}: the operation(s) {', '.join(ran)} ran inside your function")
        return problems

    return findings


# ------------------------------------------------------------------------------------------ loss_choice

LOSS_KEY = {"house_price": "a", "nsfw_image": "c", "email_category": "b", "voice_owner": "c"}
LOSS_WHY = {
    "house_price": (
        "a sale price is a real number, and mean squared error (a): the Gaussian likelihood, minimised by the "
        "conditional mean, is the loss for real-valued regression"
    ),
    "nsfw_image": (
        "the output is one yes/no answer per image, whatever the input is, so binary cross-entropy (c), the "
        "likelihood of a yes/no label, fits"
    ),
    "email_category": (
        "the output is one of four mutually exclusive categories, so categorical cross-entropy (b) over a "
        "softmax fits; binary cross-entropy would only answer spam or not"
    ),
    "voice_owner": (
        "the output is one yes/no decision about the whole clip (owner or not), not a transcript or a class "
        "per speaker, so binary cross-entropy (c) fits, not CTC or categorical cross-entropy"
    ),
}


@judge("test_loss_choice_hidden")
def loss_choice(ctx: Context) -> Probe:
    return choice_probe("LOSS_FOR_TASK", LOSS_KEY, LOSS_WHY)


# -------------------------------------------------------------------------------------------------- mse


@judge("test_mse")
def mse_visible(ctx: Context) -> Probe:
    f32 = np.float32
    cases = [
        _loss_case([np.array([1.0, 2.0, 4.0], f32), np.array([1.5, 2.0, 3.0], f32)], [False, False]),
        _loss_case([np.array([1.0, 2.0], f32), np.zeros(2, f32)], [True, False]),
        _loss_case([np.zeros((4, 1), f32), np.zeros(4, f32)], [False, False]),
    ]

    def decide(data: Any) -> Verdict:
        reports = _cases(data, len(cases))
        if reports is None:
            return Verdict.failed("the test's result was incomplete")
        problems = []
        out, problem = _single(reports[0], "mse([1, 2, 4], [1.5, 2, 3])")
        problem = problem or _scalar_problem(out, "mse([1, 2, 4], [1.5, 2, 3])")
        if problem is None and not abs(_value(out) - 1.25 / 3) < 1e-6:
            problem = f"mse([1, 2, 4], [1.5, 2, 3]) should be 0.41667, got {_value(out):.5f}"
        problems += [problem] if problem else []
        out, problem = _single(reports[1], "a pred that requires grad")
        if problem is None and not (out.get("type") == "Tensor" and out.get("requires_grad") is True):
            problem = "the loss must stay differentiable: no .item() or NumPy inside"
        problems += [problem] if problem else []
        if reports[2].get("value_error") is not True:
            got = _raised(reports[2]) or "no error (it broadcast)"
            problems.append(f"mse(shape (4, 1), shape (4,)) must raise ValueError, got {got}")
        return Verdict.unless(problems, "mse works and refuses mismatched shapes")

    return Probe(probe_loss, {"function": "mse", "cases": cases}, decide)


MSE_MISMATCHED = [
    ((5,), (5, 1)),
    ((5, 1), (5,)),
    ((1, 5), (5,)),
    ((4,), (1,)),
    ((), (1,)),
    ((3, 1), (1, 3)),
    ((2, 3), (3, 2)),
    ((6,), (3, 2)),
]


@judge("test_mse_hidden")
def mse_hidden(ctx: Context) -> Probe:
    checked = []  # (shape, dtype, tol)
    cases = []
    for shape in [(7,), (1,), (3, 4), (2, 3, 5), ()]:
        for dtype, tol in [(np.float32, 1e-6), (np.float64, 1e-12)]:
            p = np.asarray(3 * ctx.rng.standard_normal(shape)).astype(dtype)
            t = np.asarray(ctx.rng.standard_normal(shape)).astype(dtype)
            checked.append((shape, dtype, tol))
            cases.append(_loss_case([p, t], [True, False]))
    for a, b in MSE_MISMATCHED:
        cases.append(_loss_case([np.zeros(a, np.float32), np.ones(b, np.float32)], [False, False]))

    def decide(data: Any) -> Verdict:
        reports = _cases(data, len(cases))
        if reports is None:
            return Verdict.failed("the test's result was incomplete")
        problems = []
        for (shape, dtype, tol), case, report in zip(checked, cases, reports):
            what = f"shape {shape}, {np.dtype(dtype).name}"
            out, problem = _single(report, what)
            tdtype = torch.float32 if dtype is np.float32 else torch.float64
            problem = problem or _scalar_problem(out, what, tdtype)
            if problem:
                problems.append(problem)
                continue
            p = torch.from_numpy(case["args"][0]).requires_grad_()
            ref = ((p - torch.from_numpy(case["args"][1])) ** 2).mean()
            (ref_grad,) = torch.autograd.grad(ref, [p])
            if not _close(_value(out), ref.item(), tol, 0.0):
                problems.append(f"{what}: the loss is {_value(out):.8g}, expected {ref.item():.8g}")
                continue
            grads = _grads(out, 1)
            if not out.get("requires_grad") or grads is None:
                problems.append(f"{what}: no gradient reached pred")
                continue
            problem = _grad_problem(grads[0], ref_grad, 1e-5, 1e-7, what)
            if problem:
                problems.append(problem.replace("the logits", "pred"))
        for (a, b), report in zip(MSE_MISMATCHED, reports[len(checked) :]):
            if report.get("value_error") is not True:
                got = report.get("raised") if "raised" in report else "no error"
                problems.append(f"mse(shape {a}, shape {b}) must raise ValueError, got {got}")
        return Verdict.unless(problems, "mse is right on every shape and dtype and refuses every mismatch")

    return Probe(probe_loss, {"function": "mse", "cases": cases}, decide)


# -------------------------------------------------------------------------------------------------- bce

BCE_NAMES = {"binary_cross_entropy_with_logits", "binary_cross_entropy", "BCEWithLogitsLoss", "BCELoss"}
BCE_OPS = {
    "binary_cross_entropy",
    "binary_cross_entropy_backward",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_backward",
}


def _judge_logit_loss(
    checked: list[tuple[str, float, float]],
    cases: list[dict],
    reference: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    grad_scale: Callable[[np.ndarray], int],
    findings: Callable[[dict], list[str]] | None,
    passed: str,
) -> Callable[[Any], Verdict]:
    """The checks of the old hidden tests of bce and cross_entropy: a 0-dim tensor of the logits' dtype, finite,
    close to PyTorch's (atol widened by rounding at huge logits), with a finite gradient close to PyTorch's."""

    def decide(data: Any) -> Verdict:
        reports = _cases(data, len(cases))
        if reports is None:
            return Verdict.failed("the test's result was incomplete")
        problems = findings(data) if findings else []
        for (what, rtol, atol), case, report in zip(checked, cases, reports):
            z_np, y_np = case["args"]
            z = torch.from_numpy(z_np).requires_grad_()
            out, problem = _single(report, what)
            problem = problem or _scalar_problem(out, what, z.dtype)
            if problem:
                problems.append(problem)
                continue
            ref = reference(z, torch.from_numpy(y_np))
            (ref_grad,) = torch.autograd.grad(ref, [z])
            got = _value(out)
            if not math.isfinite(got):
                problems.append(f"{what}: the loss is {got}")
                continue
            tol = atol + 4 * torch.finfo(z.dtype).eps * float(np.abs(z_np).max())  # rounding at huge logits
            if not _close(got, ref.item(), rtol, tol):
                problems.append(f"{what}: the loss is {got:.10g}, expected {ref.item():.10g}")
                continue
            grads = _grads(out, 1)
            if not out.get("requires_grad") or grads is None:
                problems.append(f"{what}: the gradient is missing (is the loss detached from the logits?)")
                continue
            problem = _grad_problem(grads[0], ref_grad, 1e-4, tol / grad_scale(z_np), what)
            if problem:
                problems.append(problem)
        return Verdict.unless(problems, passed)

    return decide


def _judge_logit_loss_visible(
    cases: list[dict],
    function: str,
    reference: float,
    names: tuple[str, str],
    hint: str,
    findings: Callable[[dict], list[str]],
    passed: str,
) -> Callable[[Any], Verdict]:
    """The checks of the visible tests of bce and cross_entropy: the first case (named `names[0]`) agrees with
    PyTorch's loss, `reference`; the second (huge logits, `names[1]`) gives a finite loss, else `hint`; and the ban,
    which costs the whole question, this visible point included."""
    typical, huge = names

    def decide(data: Any) -> Verdict:
        reports = _cases(data, len(cases))
        if reports is None:
            return Verdict.failed("the test's result was incomplete")
        problems = []
        out, problem = _single(reports[0], typical)
        problem = problem or _scalar_problem(out, typical)
        if problem is None and not _close(_value(out), reference, 1e-5, 1e-8):
            problem = f"{function} gives {_value(out):.6f}, PyTorch gives {reference:.6f}"
        problems += [problem] if problem else []
        out, problem = _single(reports[1], huge)
        problem = problem or _scalar_problem(out, huge)
        if problem is None and not math.isfinite(_value(out)):
            problem = f"{huge} must give a finite loss, got {_value(out)}: {hint}"
        problems += [problem] if problem else []
        problems += findings(data)
        return Verdict.unless(problems, passed)

    return decide


@judge("test_bce")
def bce_visible(ctx: Context) -> Probe:
    f32 = np.float32
    z = np.array([-3.0, -0.5, 0.0, 1.0, 4.0], f32)
    y = np.array([0.0, 1.0, 1.0, 0.0, 0.8], f32)
    cases = [
        _loss_case([z, y], [False, False]),
        _loss_case([np.array([-200.0, 50.0], f32), np.ones(2, f32)], [False, False]),
    ]
    decide = _judge_logit_loss_visible(
        cases,
        "bce_with_logits",
        F.binary_cross_entropy_with_logits(torch.from_numpy(z), torch.from_numpy(y)).item(),
        ("the five logits", "the logits -200 and 50"),
        "use the stable form",
        _forbidden(ctx, "bce", BCE_NAMES, BCE_OPS, "PyTorch's built-in BCE"),
        "bce_with_logits agrees with PyTorch and is finite at large logits",
    )
    return Probe(probe_loss, {"function": "bce_with_logits", "cases": cases}, decide)


@judge("test_bce_hidden")
def bce_hidden(ctx: Context) -> Probe:
    f32 = np.float32
    checked, cases = [], []

    def add(z: np.ndarray, y: np.ndarray, rtol: float, atol: float, what: str) -> None:
        checked.append((what, rtol, atol))
        cases.append(_loss_case([z, y], [True, False]))

    extreme = [-1e4, -3e3, -300.0, -90.0, -50.0, -20.0, -5.0, -0.7, 0.3, 2.0, 17.0, 20.0, 50.0, 90.0, 300.0, 1e4]
    for zv in extreme:
        for yv in (0.0, 1.0, 0.3, 0.95):
            add(np.array([zv], f32), np.array([yv], f32), 1e-5, 1e-6, f"logit {zv:g}, target {yv:g}")
    z = (8 * ctx.rng.standard_normal((6, 5))).astype(f32)
    z[0, :] = [1e4, -1e4, 5e3, -5e3, 40.0]
    y = ctx.rng.random((6, 5)).astype(f32)
    y[1, :] = [0.0, 1.0, 1.0, 0.0, 0.5]
    add(z, y, 1e-5, 1e-6, "a (6, 5) batch with soft targets")
    add(z.astype(np.float64), y.astype(np.float64), 1e-10, 1e-10, "float64")
    hard = (ctx.rng.random(64) > 0.5).astype(f32)
    add((3 * ctx.rng.standard_normal(64)).astype(f32), hard, 1e-5, 1e-6, "hard 0/1 targets")

    findings = _forbidden(ctx, "bce", BCE_NAMES, BCE_OPS, "PyTorch's built-in BCE")
    decide = _judge_logit_loss(
        checked,
        cases,
        F.binary_cross_entropy_with_logits,
        lambda z: z.size,
        findings,
        "bce_with_logits is right and stable everywhere, without PyTorch's BCE",
    )
    return Probe(probe_loss, {"function": "bce_with_logits", "cases": cases}, decide)


# ---------------------------------------------------------------------------------------- cross_entropy

CE_NAMES = {
    "cross_entropy",
    "nll_loss",
    "log_softmax",
    "_log_softmax",
    "CrossEntropyLoss",
    "NLLLoss",
    "LogSoftmax",
    "cross_entropy_loss",
    "nll_loss_nd",
    "nll_loss2d",
}
CE_OPS = {
    "_log_softmax",
    "log_softmax",
    "_log_softmax_backward_data",
    "special_log_softmax",
    "nll_loss",
    "nll_loss_forward",
    "nll_loss_backward",
    "nll_loss_nd",
    "nll_loss2d",
    "nll_loss2d_forward",
    "nll_loss2d_backward",
    "cross_entropy_loss",
}


@judge("test_cross_entropy")
def cross_entropy_visible(ctx: Context) -> Probe:
    logits = np.array([[2.0, 0.5, -1.0], [0.0, 0.0, 0.0], [-1.0, 3.0, 0.5]], np.float32)
    labels = np.array([0, 2, 2], np.int64)
    cases = [
        _loss_case([logits, labels], [False, False]),
        _loss_case([np.array([[1000.0, 0.0, -1000.0]], np.float32), np.array([1], np.int64)], [False, False]),
    ]
    decide = _judge_logit_loss_visible(
        cases,
        "cross_entropy",
        F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(labels)).item(),
        ("the 3 x 3 batch", "logits of +-1000"),
        "shift by the row's max",
        _forbidden(ctx, "cross_entropy", CE_NAMES, CE_OPS, "a built-in cross-entropy or log-softmax"),
        "cross_entropy agrees with PyTorch and is finite at large logits",
    )
    return Probe(probe_loss, {"function": "cross_entropy", "cases": cases}, decide)


@judge("test_cross_entropy_hidden")
def cross_entropy_hidden(ctx: Context) -> Probe:
    checked, cases = [], []

    def add(z: np.ndarray, k: np.ndarray, rtol: float, atol: float, what: str) -> None:
        checked.append((what, rtol, atol))
        cases.append(_loss_case([z, k.astype(np.int64)], [True, False]))

    rows = np.array(
        [
            [1e4, 0.0, -1e4],
            [-1e4, 1e4, 0.0],
            [0.0, 1.0, 2.0],
            [-1e4, -1e4, -1e4],
            [5e3, 5e3, -20.0],
            [-300.0, 300.0, 100.0],
        ],
        np.float32,
    )
    for i in range(len(rows)):
        for k in range(3):
            add(rows[i : i + 1].copy(), np.array([k]), 1e-5, 1e-6, f"logits {rows[i].tolist()}, label {k}")
    add(rows.copy(), np.array([2, 0, 1, 1, 2, 0]), 1e-5, 1e-6, "a batch mixing huge and small logits")
    z = (10 * ctx.rng.standard_normal((16, 10))).astype(np.float32)
    labels = ctx.rng.integers(0, 10, 16)
    add(z, labels, 1e-5, 1e-6, "a (16, 10) batch")
    add(z.astype(np.float64), labels, 1e-10, 1e-10, "float64")
    add(ctx.rng.standard_normal((1, 1)).astype(np.float32), np.array([0]), 1e-5, 1e-6, "one example, one class")

    findings = _forbidden(ctx, "cross_entropy", CE_NAMES, CE_OPS, "a built-in cross-entropy or log-softmax")
    decide = _judge_logit_loss(
        checked,
        cases,
        F.cross_entropy,
        lambda z: len(z),
        findings,
        "cross_entropy is right and stable everywhere, without a built-in log-softmax",
    )
    return Probe(probe_loss, {"function": "cross_entropy", "cases": cases}, decide)


# ------------------------------------------------------------------------------------------- saturation


def reference_logit_gradient(loss: str, z: float, t: float) -> float:
    p = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
    return 2.0 * (p - t) * p * (1.0 - p) if loss == "mse" else p - t


def _call(*args: Any, **kwargs: Any) -> dict:
    return {"args": list(args), "kwargs": kwargs}


@judge("test_saturation")
def saturation_visible(ctx: Context) -> Probe:
    cases = [_call("bce", 0.0, 1.0), _call("mse", 0.0, 1.0), _call("mse", -8.0, 1.0), _call("bce", -8.0, 1.0)]

    def decide(data: Any) -> Verdict:
        results = _cases(data, len(cases))
        if results is None:
            return Verdict.failed("the test's result was incomplete")
        problems, values = [], []
        for case, result in zip(cases, results):
            loss, z, t = case["args"]
            value = number(result.get("value"))
            if "raised" in result:
                problems.append(f"{loss}, logit {z:g}, target {t:g}: raised {result['raised']}")
            elif value is None:
                problems.append(
                    f"{loss}, logit {z:g}: return a finite number (a Python float), not {_returned(result)}"
                )
            values.append(value)
        if problems:
            return Verdict.unless(problems)
        bce0, mse0, mse8, bce8 = values
        if not abs(bce0 - (-0.5)) < 1e-6:
            problems.append(f"at logit 0 with target 1 the BCE gradient is -0.5, got {bce0}")
        if not abs(mse0 - (-0.25)) < 1e-6:
            problems.append(f"at logit 0 with target 1 the MSE gradient is -0.25, got {mse0}")
        if not bce8 < -0.99:
            problems.append(f"BCE, logit -8, target 1: the gradient should be close to -1, got {bce8:.4g}")
        if not -1e-2 < mse8 < 0:
            problems.append(f"MSE, logit -8, target 1: the gradient should be tiny and negative, got {mse8:.4g}")
        return Verdict.unless(problems, "logit_gradient is right at logit 0 and when confidently wrong")

    return Probe(probe_calls, {"function": "logit_gradient", "cases": cases}, decide)


@judge("test_saturation_hidden")
def saturation_hidden(ctx: Context) -> Probe:
    points = [(z, t, 1e-4, 1e-7) for z in (-6.0, -3.0, -1.0, -0.2, 0.0, 0.7, 2.0, 5.0) for t in (0.0, 1.0, 0.25, 0.9)]
    points += [(z, 1.0 if z < 0 else 0.0, 1e-3, 1e-6) for z in (-15.0, -12.0, -10.0, 10.0, 12.0, 15.0)]
    points += [(z, 0.0 if z < 0 else 1.0, 1e-3, 1e-6) for z in (-12.0, 12.0)]
    checked = [(loss, z, t, rtol, atol) for z, t, rtol, atol in points for loss in ("mse", "bce")]
    cases = [_call(loss, z, t) for loss, z, t, _, _ in checked]

    def decide(data: Any) -> Verdict:
        results = _cases(data, len(cases))
        if results is None:
            return Verdict.failed("the test's result was incomplete")
        problems = []
        for (loss, z, t, rtol, atol), result in zip(checked, results):
            what = f"{loss}, logit {z:g}, target {t:g}"
            value = number(result.get("value"))
            if "raised" in result:
                problems.append(f"{what}: raised {result['raised']}")
            elif value is None:
                problems.append(f"{what}: returned {_returned(result)}, not a finite float")
            elif not _close(value, reference_logit_gradient(loss, z, t), rtol, atol):
                problems.append(f"{what}: got {value:.6g}")
        return Verdict.unless(problems, "logit_gradient is right for every logit and target")

    return Probe(probe_calls, {"function": "logit_gradient", "cases": cases}, decide)


# ----------------------------------------------------------------------------------------- ctc_collapse


def reference_collapse(path: str, blank: str = "-") -> str:
    out, previous = [], None
    for c in path:
        if c != previous and c != blank:
            out.append(c)
        previous = c
    return "".join(out)


def _judge_strings(cases: list[dict], passed: str) -> Callable[[Any], Verdict]:
    def decide(data: Any) -> Verdict:
        results = _cases(data, len(cases))
        if results is None:
            return Verdict.failed("the test's result was incomplete")
        problems = []
        for case, result in zip(cases, results):
            call = ", ".join([repr(case["args"][0])] + [f"{k}={v!r}" for k, v in case["kwargs"].items()])
            value = result.get("value")
            if "raised" in result:
                problems.append(f"ctc_collapse({call}) raised {result['raised']}")
            elif not isinstance(value, str):
                problems.append(f"ctc_collapse({call}) returned {_returned(result)}, not a str")
            elif value != reference_collapse(*case["args"], **case["kwargs"]):
                problems.append(f"ctc_collapse({call}) -> {value!r}")
        return Verdict.unless(problems, passed)

    return decide


@judge("test_ctc_collapse")
def ctc_collapse_visible(ctx: Context) -> Probe:
    cases = [_call("aa-ab-"), _call("---"), _call("hh-e-ll-llo")]
    return Probe(
        probe_calls, {"function": "ctc_collapse", "cases": cases}, _judge_strings(cases, "right on the examples")
    )


@judge("test_ctc_collapse_hidden")
def ctc_collapse_hidden(ctx: Context) -> Probe:
    fixed = [("", "-"), ("-", "-"), ("a", "-"), ("aaaa", "-"), ("a-a", "-"), ("aa--aa", "-"), ("-a-", "-")]
    fixed += [("abba", "-"), ("ab-ba-", "-"), ("aab-b", "-"), ("x", "x"), ("a-_-a", "_"), ("__a__a", "_")]
    fixed += [("a--a", "_"), ("0110", "0"), ("hello world", " ")]

    def random_path(symbols: str) -> str:
        return "".join(str(ctx.rng.choice(list(symbols))) for _ in range(int(ctx.rng.integers(0, 15))))

    fixed += [(random_path("ab-"), "-") for _ in range(40)]
    fixed += [(random_path("ab-_"), "_") for _ in range(20)]
    cases = [_call(path, blank=blank) for path, blank in fixed]
    decide = _judge_strings(cases, "ctc_collapse is right on every path and blank")
    return Probe(probe_calls, {"function": "ctc_collapse", "cases": cases}, decide)


# -------------------------------------------------------------------------------------------- ctc_count

CTC_SECONDS = 5.0


def brute_count(label: str, T: int) -> int:
    symbols = [*sorted(set(label)), "-"]
    return sum(reference_collapse("".join(p)) == label for p in itertools.product(symbols, repeat=T))


def dp_count(label: str, T: int) -> int:
    ext = ["-"]
    for c in label:
        ext += [c, "-"]
    if T == 0:
        return int(label == "")
    a = [1, 1] + [0] * (len(ext) - 2) if len(ext) > 1 else [1]
    for _ in range(T - 1):
        a = [
            a[s] + (a[s - 1] if s else 0) + (a[s - 2] if s > 1 and ext[s] != "-" and ext[s] != ext[s - 2] else 0)
            for s in range(len(ext))
        ]
    return a[-1] + (a[-2] if len(ext) > 1 else 0)


def _timing_problem(data: Any, cases: list[dict]) -> str | None:
    if not isinstance(data, dict):
        return "the test's result was incomplete"
    seconds = number(data.get("seconds"))
    if data.get("timed_out") is not False or seconds is None or seconds > CTC_SECONDS:
        return f"took more than {CTC_SECONDS:g} s (use a dynamic programme, not enumeration)"
    return None


@judge("test_ctc_count")
def ctc_count_visible(ctx: Context) -> Probe:
    cases = [_call("ab", 3), _call("hello", 50)]

    def decide(data: Any) -> Verdict:
        problem = _timing_problem(data, cases)
        if problem:
            return Verdict.failed(f"count_ctc_paths {problem}")
        results = _cases(data, len(cases))
        if results is None:
            return Verdict.failed("the test's result was incomplete")
        problems = []
        first, second = (r.get("value") for r in results)
        for result in results:
            if "raised" in result:
                problems.append(f"count_ctc_paths raised {result['raised']}")
        if not problems:
            if type(first) is not int:
                problems.append(f"return a Python int, not {_returned(results[0])}")
            elif first != 5:
                problems.append(f'count_ctc_paths("ab", 3) should be 5 (see the list above), got {first}')
            if type(second) is not int or not second > 10**9:
                problems.append(f'"hello" in 50 frames has billions of alignments, got {second!r}')
        return Verdict.unless(problems, "count_ctc_paths is right on the example and fast")

    return Probe(probe_calls, {"function": "count_ctc_paths", "cases": cases, "seconds": CTC_SECONDS}, decide)


@judge("test_ctc_count_hidden")
def ctc_count_hidden(ctx: Context) -> Probe:
    small = [(lab, T) for lab in ("", "a", "aa", "ab", "aba", "abb", "aab", "aaa") for T in range(0, 8)]
    small += [(lab, T) for lab in ("abc", "abca", "abba") for T in range(0, 7)]
    big = [("mississippi", 13), ("mississippi", 14), ("mississippi", 40), ("aaaaa", 8), ("aaaaa", 9)]
    big += [("abcdefghijabcdefghij", 50), ("hello", 50), ("bookkeeper", 48), ("z", 50), ("", 50)]
    for _ in range(3):
        label = "".join(str(c) for c in ctx.rng.choice(list("abc"), int(ctx.rng.integers(4, 13))))
        big.append((label, int(ctx.rng.integers(len(label), 51))))
    wants = [brute_count(lab, T) for lab, T in small] + [dp_count(lab, T) for lab, T in big]
    cases = [_call(lab, T) for lab, T in small + big]

    def decide(data: Any) -> Verdict:
        problem = _timing_problem(data, cases)
        if problem:
            return Verdict.failed(f"count_ctc_paths {problem}")
        results = _cases(data, len(cases))
        if results is None:
            return Verdict.failed("the test's result was incomplete")
        problems = []
        for case, want, result in zip(cases, wants, results):
            label, T = case["args"]
            value = result.get("value")
            if "raised" in result:
                problems.append(f"count_ctc_paths({label!r}, {T}) raised {result['raised']}")
            elif type(value) is not int:
                problems.append(f"count_ctc_paths({label!r}, {T}) returned {_returned(result)}, not an int")
            elif value != want:
                problems.append(f"count_ctc_paths({label!r}, {T}) -> {value!r}, which is wrong")
        return Verdict.unless(problems, "every count is exact")

    return Probe(probe_calls, {"function": "count_ctc_paths", "cases": cases, "seconds": CTC_SECONDS}, decide)


# -------------------------------------------------------------------------------------------------- gan


def reference_gan(real: torch.Tensor, fake: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    bce = F.binary_cross_entropy_with_logits
    d = bce(real, torch.ones_like(real)) + bce(fake, torch.zeros_like(fake))
    return d, bce(fake, torch.ones_like(fake))


def _judge_gan(checked: list[tuple[str, float, float]], cases: list[dict], hidden: bool) -> Callable[[Any], Verdict]:
    def decide(data: Any) -> Verdict:
        reports = _cases(data, len(cases))
        if reports is None:
            return Verdict.failed("the test's result was incomplete")
        problems = []
        for (what, rtol, atol), case, report in zip(checked, cases, reports):
            error = _raised(report)
            if error:
                problems.append(f"{what}: raised {error}")
                continue
            outputs = report.get("outputs")
            if report.get("container") != "tuple" or report.get("length") != 2 or not isinstance(outputs, list):
                problems.append(f"{what}: return a tuple (discriminator_loss, generator_loss)")
                continue
            real = torch.from_numpy(case["args"][0]).requires_grad_()
            fake = torch.from_numpy(case["args"][1]).requires_grad_()
            refs = reference_gan(real, fake)
            for i, (name, out, ref) in enumerate(zip(("discriminator", "generator"), outputs, refs)):
                label = f"{what}: the {name} loss"
                dtype = real.dtype if hidden else None
                problem = _scalar_problem(out, label, dtype) if isinstance(out, dict) else f"{label} is not a tensor"
                if problem:
                    problems.append(problem)
                    continue
                got = _value(out)
                if not math.isfinite(got):
                    problems.append(f"{label} is {got}")
                    continue
                if not _close(got, ref.item(), rtol, atol):
                    problems.append(f"{label} is {got:.8g}, expected {ref.item():.8g}")
                    continue
                if not hidden:
                    continue
                wrt = (real, fake) if i == 0 else (fake,)
                wants = torch.autograd.grad(ref, wrt, retain_graph=True)
                mine = _grads(out, 2)
                if not out.get("requires_grad") or mine is None:
                    problems.append(f"{label} does not depend on all of its logits")
                    continue
                mine = mine if i == 0 else mine[1:]
                for got_grad, want in zip(mine, wants):
                    if got_grad is None:
                        problems.append(f"{label} does not depend on all of its logits")
                        break
                    problem = _grad_problem(got_grad, want, 1e-4, 1e-7, label)
                    if problem:
                        problems.append(problem.replace("with respect to the logits", "").rstrip())
                        break
        return Verdict.unless(problems, "gan_losses is right")

    return decide


@judge("test_gan")
def gan_visible(ctx: Context) -> Probe:
    real = np.array([2.0, 0.5, -1.0], np.float32)
    fake = np.array([-3.0, 0.0], np.float32)
    cases = [_loss_case([real, fake], [False, False])]
    decide = _judge_gan([("the small example", 1e-5, 1e-8)], cases, hidden=False)
    return Probe(probe_loss, {"function": "gan_losses", "cases": cases}, decide)


@judge("test_gan_hidden")
def gan_hidden(ctx: Context) -> Probe:
    f32 = np.float32
    checked, cases = [], []

    def add(real: np.ndarray, fake: np.ndarray, rtol: float, atol: float, what: str) -> None:
        checked.append((what, rtol, atol))
        cases.append(_loss_case([real, fake], [True, True]))

    rng = ctx.rng
    add((3 * rng.standard_normal((5, 1))).astype(f32), (3 * rng.standard_normal((8, 1))).astype(f32), 1e-5, 1e-6,
        "(5, 1) real, (8, 1) fake")  # fmt: skip
    add(np.array([1e4, -1e4, 50.0], f32), np.array([-1e4, 1e4, -50.0, 0.5], f32), 1e-5, 1e-6, "logits up to 1e4")
    add(np.array([20.0, 30.0], f32), np.array([-20.0, -30.0, -25.0], f32), 1e-5, 1e-6, "a confident discriminator")
    add(5 * rng.standard_normal(6), 5 * rng.standard_normal(4), 1e-10, 1e-10, "float64")
    return Probe(probe_loss, {"function": "gan_losses", "cases": cases}, _judge_gan(checked, cases, hidden=True))
