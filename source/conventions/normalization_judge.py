"""Judges of normalization.ipynb: batch normalisation by hand (against PyTorch's own, without calling it), Xavier and
He initialisation (checked by the distribution of the weights), and the scale of the activations through a deep
stack (checked against bands measured over many seeds).

The probes call the learner's functions on the judges' inputs and report what came back: outputs, running
statistics and gradients as arrays, weights as arrays, lists of floats, the aten operations that ran, and the calls
a trusted `init_linear_` received. References, tolerances, bands and the "must not call" rule live here.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from mlexam.course.judging import Context, Judges, Malformed, Probe, Verdict, forbidden_references, kind

judge = Judges()

DTYPES = {"float32": torch.float32, "float64": torch.float64}

# ---------------------------------------------------------------------------------------------------------------
# batchnorm

# "Must not call" for batch_norm: PyTorch's batch norm by any public or private name (functions, modules, kernels).
BN_NAMES = {
    "batch_norm",
    "BatchNorm1d",
    "BatchNorm2d",
    "BatchNorm3d",
    "LazyBatchNorm1d",
    "LazyBatchNorm2d",
    "LazyBatchNorm3d",
    "SyncBatchNorm",
    "_BatchNorm",
    "_NormBase",
    "native_batch_norm",
    "_native_batch_norm_legit",
    "_native_batch_norm_legit_no_training",
    "_native_batch_norm_legit_functional",
    "_batch_norm_impl_index",
    "_batch_norm_with_update",
    "_batch_norm_with_update_functional",
    "_batch_norm_no_update",
    "batch_norm_elemt",
    "batch_norm_stats",
    "batch_norm_update_stats",
    "batch_norm_gather_stats",
    "batch_norm_gather_stats_with_counts",
    "cudnn_batch_norm",
    "miopen_batch_norm",
}
# The aten operations (overload packets) that PyTorch's batch norm runs on a CPU, and their relatives; instance norm
# is batch norm on a reshaped input and runs native_batch_norm too.
BN_OPS = {
    "native_batch_norm",
    "_native_batch_norm_legit",
    "_native_batch_norm_legit_no_training",
    "_native_batch_norm_legit_functional",
    "batch_norm",
    "_batch_norm_impl_index",
    "_batch_norm_with_update",
    "_batch_norm_with_update_functional",
    "_batch_norm_no_update",
    "cudnn_batch_norm",
    "miopen_batch_norm",
    "batch_norm_stats",
    "batch_norm_elemt",
    "batch_norm_update_stats",
    "batch_norm_gather_stats",
    "batch_norm_gather_stats_with_counts",
    "native_batch_norm_backward",
    "batch_norm_backward_reduce",
    "batch_norm_backward_elemt",
    "instance_norm",
}


def probe_batchnorm(learner, inputs):
    """Run batch_norm through each case's sequence of calls, on running statistics that persist within the case.
    Report per call: the output (as an array) or its type, the running statistics after the call and whether they
    require grad, and the gradients of sum(out * w) with respect to x, gamma and beta where the judge gives w; what
    the learner raised (the rest of that case is skipped); and the aten operations that ran inside the calls."""
    import torch

    from mlexam.testkit.probe import record_ops

    aten = set()
    reports = []
    for case in inputs["cases"]:
        dtype = getattr(torch, case["dtype"])
        gamma = torch.tensor(case["gamma"], dtype=dtype).requires_grad_()
        beta = torch.tensor(case["beta"], dtype=dtype).requires_grad_()
        running_mean = torch.tensor(case["running_mean"], dtype=dtype)
        running_var = torch.tensor(case["running_var"], dtype=dtype)
        calls = []
        for call in case["calls"]:
            x = torch.tensor(call["x"], dtype=dtype)
            w = call.get("w")
            if w is not None:
                x.requires_grad_()
            got = {}
            try:
                with record_ops() as ops:
                    out = learner.batch_norm(
                        x, gamma, beta, running_mean, running_var, call["training"], **call["kwargs"]
                    )
                aten |= ops
            except Exception as exc:
                calls.append({"raised": f"{type(exc).__name__}: {exc}"[:300]})
                break
            is_tensor = isinstance(out, torch.Tensor)
            got["type"] = type(out).__name__
            got["out"] = out.detach().clone() if is_tensor else None
            got["running_mean"] = running_mean.detach().clone()
            got["running_var"] = running_var.detach().clone()
            got["stats_require_grad"] = bool(running_mean.requires_grad or running_var.requires_grad)
            if w is not None:
                if is_tensor and out.requires_grad and out.shape == x.shape:
                    try:
                        weights = torch.tensor(w, dtype=dtype)
                        grads = torch.autograd.grad((out * weights).sum(), [x, gamma, beta], allow_unused=True)
                        got["grads"] = [None if g is None else g.detach().clone() for g in grads]
                    except Exception as exc:
                        got["grad_error"] = f"{type(exc).__name__}: {exc}"[:300]
                else:
                    got["grad_error"] = "the output is not a tensor of x's shape that requires grad"
            calls.append(got)
        reports.append(calls)
    return {"cases": reports, "aten": sorted(aten)}


def _bn_case(dtype: str, gamma, beta, running_mean, running_var, calls: list[dict], name: str) -> dict:
    """One sequence of calls on one set of parameters and running statistics (arrays as nested lists or arrays)."""

    def arr(v: object) -> np.ndarray:
        return np.asarray(v, dtype=np.float64)

    return {
        "dtype": dtype,
        "gamma": arr(gamma),
        "beta": arr(beta),
        "running_mean": arr(running_mean),
        "running_var": arr(running_var),
        "calls": [{**c, "x": arr(c["x"]), "w": None if c.get("w") is None else arr(c["w"])} for c in calls],
        "name": name,
    }


def _call(x, training: bool, w=None, **kwargs) -> dict:
    return {"x": x, "training": training, "w": w, "kwargs": kwargs}


def _probe_inputs(cases: list[dict]) -> dict:
    """The probe's inputs: the cases without the judge's names (arrays travel as float64; the probe casts)."""
    return {"cases": [{k: v for k, v in case.items() if k != "name"} for case in cases]}


def _tensor(value: np.ndarray, dtype: str) -> torch.Tensor:
    return torch.tensor(np.asarray(value), dtype=DTYPES[dtype])


def _stats(got: dict, key: str, shape: tuple[int, ...]) -> np.ndarray | None:
    value = got.get(key)
    if isinstance(value, np.ndarray) and value.shape == shape and value.dtype.kind == "f":
        return value.astype(np.float64)
    return None


def _gap(got: object, want: torch.Tensor, rtol: float, atol: float) -> str | None:
    """What is wrong with `got` (an array) against `want`: its form, or its largest difference; None when close."""
    want_np = want.detach().double().numpy()
    if not isinstance(got, np.ndarray):
        return f"expected a tensor of shape {tuple(want_np.shape)}, got {kind(got)}"
    if got.shape != want_np.shape:
        return f"shape {tuple(got.shape)}, expected {tuple(want_np.shape)}"
    if got.dtype.kind != "f":
        return f"dtype {got.dtype}, expected a floating-point tensor"
    g = got.astype(np.float64)
    if not np.isfinite(g).all():
        return "not finite"
    err = np.abs(g - want_np) - rtol * np.abs(want_np)
    if (err > atol).any():
        worst = float(np.abs(g - want_np).max())
        at = tuple(int(i) for i in np.unravel_index(int(np.argmax(err)), err.shape))
        return f"differs by up to {worst:.3g} (largest at {list(at)})"
    return None


def _judge_bn_case(case: dict, calls: object, chain: bool) -> dict[str, list[str]]:
    """Problems with one case's calls, by part ("training", "evaluation", "gradients").

    With `chain`, the reference runs the whole sequence by itself (as nn.BatchNorm1d would); without, each call's
    reference starts from the running statistics the learner's previous call left (or the case's, at first), so a
    mistake in one step is counted once, and evaluation mode is judged on the statistics the learner holds."""
    problems: dict[str, list[str]] = {"training": [], "evaluation": [], "gradients": []}
    if not isinstance(calls, list) or not all(isinstance(c, dict) for c in calls) or len(calls) > len(case["calls"]):
        raise Malformed("not one report per call")
    dtype, name = case["dtype"], case["name"]
    tol = 1e-5
    gamma, beta = _tensor(case["gamma"], dtype), _tensor(case["beta"], dtype)
    rm, rv = _tensor(case["running_mean"], dtype), _tensor(case["running_var"], dtype)
    shape = tuple(rm.shape)
    for i, (spec, got) in enumerate(zip(case["calls"], calls), 1):
        mode = "training" if spec["training"] else "evaluation"
        where = f"{name}, call {i} ({mode} mode)"
        if "raised" in got:  # the case stops here: its later calls, of every part, did not run
            for part in problems:
                problems[part].append(f"{where}: raised {got['raised']}")
            return problems
        x = _tensor(spec["x"], dtype).requires_grad_()
        g, b = gamma.clone().requires_grad_(), beta.clone().requires_grad_()
        kwargs = {"momentum": spec["kwargs"].get("momentum", 0.1), "eps": spec["kwargs"].get("eps", 1e-5)}
        out = F.batch_norm(x, rm, rv, g, b, spec["training"], kwargs["momentum"], kwargs["eps"])
        if got.get("out") is None:
            problems[mode].append(f"{where}: return a tensor, not a {got.get('type')}")
        else:
            problem = _gap(got["out"], out, tol, tol)
            if problem:
                problems[mode].append(f"{where}: the output {problem}")
        mine = {key: _stats(got, key, shape) for key in ("running_mean", "running_var")}
        for key, want in (("running_mean", rm), ("running_var", rv)):
            if mine[key] is None:
                problems[mode].append(f"{where}: {key} no longer has shape {shape}")
                continue
            problem = _gap(mine[key], want, tol, tol)
            if problem and spec["training"]:
                problems["training"].append(f"{where}: {key} after the update {problem}")
            elif problem:
                problems["evaluation"].append(f"{where}: evaluation mode must leave {key} unchanged")
        if got.get("stats_require_grad") is not False:
            problems["gradients"].append(
                f"{where}: the running statistics became part of the autograd graph: update them under torch.no_grad()"
            )
        if spec.get("w") is not None:
            grads = got.get("grads")
            if "grad_error" in got or not isinstance(grads, list) or len(grads) != 3:
                problems["gradients"].append(f"{where}: no gradient ({got.get('grad_error', 'missing')})")
            else:
                weights = _tensor(spec["w"], dtype)
                want_grads = torch.autograd.grad((out * weights).sum(), [x, g, b])
                for label, mine_g, want_g in zip(("x", "gamma", "beta"), grads, want_grads):
                    scale = float(want_g.abs().max()) if want_g.numel() else 1.0
                    atol = (1e-4 if dtype == "float32" else 1e-8) * max(1.0, scale)
                    problem = "none" if mine_g is None else _gap(mine_g, want_g, 0.0, atol)
                    if problem:
                        problems["gradients"].append(f"{where}: the gradient with respect to {label} {problem}")
                        break
        if not chain:  # the next call starts from the statistics the learner holds now
            rm = torch.from_numpy(mine["running_mean"]).to(DTYPES[dtype]) if mine["running_mean"] is not None else rm
            rv = torch.from_numpy(mine["running_var"]).to(DTYPES[dtype]) if mine["running_var"] is not None else rv
    if len(calls) < len(case["calls"]):
        raise Malformed("calls missing without an error")
    return problems


def _forbidden_bn(ctx: Context):
    found = forbidden_references(ctx.solution("batchnorm"), BN_NAMES)

    def findings(data: dict) -> list[str]:
        aten = data.get("aten")
        if not isinstance(aten, list) or not all(isinstance(a, str) for a in aten):
            raise Malformed("no list of operations")
        problems = [f"must not call PyTorch's batch norm: {line}" for line in found]
        ran = sorted(set(aten) & BN_OPS)
        if ran:
            problems.append(f"must not call PyTorch's batch norm: the operation(s) {', '.join(ran)} ran in batch_norm")
        return problems

    return findings


def _bn_reports(data: object, n: int) -> list:
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list) or len(data["cases"]) != n:
        raise Malformed("not one report per case")
    return data["cases"]


@judge("test_batchnorm")
def batchnorm_visible(ctx: Context) -> Probe:
    # The visible test's inputs, from its seed, and nn.BatchNorm1d's results on them, in the test's order.
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        gamma, beta = torch.empty(5).uniform_(0.5, 1.5), torch.empty(5).uniform_(-0.5, 0.5)
        train = [3 * torch.randn(8, 5) + 2 for _ in range(3)]
        xe = torch.randn(4, 5)
        xg = 3 * torch.randn(8, 5) + 2
        w = torch.randn(8, 5)
    steps = _bn_case(
        "float32",
        gamma,
        beta,
        np.zeros(5),
        np.ones(5),
        [_call(x, True) for x in train] + [_call(xe, False)],
        "the visible test",
    )
    grad = _bn_case(
        "float32", gamma, beta, np.zeros(5), np.ones(5), [_call(xg, True, w)], "the visible test's gradient step"
    )
    cases = [steps, grad]
    findings = _forbidden_bn(ctx)

    def decide(data: object) -> Verdict:
        reports = _bn_reports(data, 2)
        found = _judge_bn_case(steps, reports[0], chain=True)
        problems = list(dict.fromkeys(found["training"] + found["evaluation"]))
        # the gradient step: the visible test checks only the gradient with respect to x (and that the call runs)
        found = _judge_bn_case(grad, reports[1], chain=True)
        problems += [p for p in found["training"] if "raised" in p][:1]
        problems += [p for p in found["gradients"] if "with respect to x" in p or "no gradient" in p]
        problems += findings(data)  # the ban costs the whole question, this visible point included
        return Verdict.unless(problems, "batch_norm matches nn.BatchNorm1d in both modes")

    return Probe(probe_batchnorm, _probe_inputs(cases), decide)


@judge("test_batchnorm_hidden")
def batchnorm_hidden(ctx: Context) -> Probe:
    gen = torch.Generator().manual_seed(ctx.seed())

    def randn(*shape: int) -> torch.Tensor:
        return torch.randn(*shape, generator=gen, dtype=torch.float64)

    def uniform(low: float, high: float, *shape: int) -> torch.Tensor:
        return low + (high - low) * torch.rand(*shape, generator=gen, dtype=torch.float64)

    def batch(n: int, c: int) -> torch.Tensor:
        # features of different scales and offsets (offsets within 3 standard deviations: no cancellation trouble)
        scale = uniform(0.3, 3.0, c)
        return randn(n, c) * scale + uniform(-3.0, 3.0, c) * scale

    cases = []
    c = 6
    cases.append(
        _bn_case(
            "float32",
            uniform(0.5, 1.5, c),
            0.5 * randn(c),
            np.zeros(c),
            np.ones(c),
            [
                _call(batch(16, c), True),
                _call(batch(16, c), True),
                _call(batch(16, c), True, randn(16, c)),
                _call(batch(9, c), False, randn(9, c)),
                _call(batch(5, c), False),
                _call(batch(16, c), True),
            ],
            "a (16, 6) batch, default momentum and eps",
        )
    )
    c = 3
    cases.append(
        _bn_case(
            "float32",
            uniform(0.5, 1.5, c),
            0.5 * randn(c),
            np.zeros(c),
            np.ones(c),
            [
                _call(batch(2, c), True, momentum=0.3, eps=1e-3),
                _call(batch(2, c), True, randn(2, c), momentum=0.3, eps=1e-3),
                _call(batch(4, c), False, randn(4, c), momentum=0.3, eps=1e-3),
            ],
            "batches of 2, momentum=0.3, eps=1e-3",
        )
    )
    c = 4
    tiny = batch(32, c)
    tiny[:, 1] = 1e-3 * randn(32)  # a nearly constant feature: eps matters, inside the square root
    cases.append(
        _bn_case(
            "float32",
            uniform(0.5, 1.5, c),
            0.5 * randn(c),
            randn(c),
            uniform(0.5, 2.0, c),
            [
                _call(batch(6, c), False, randn(6, c)),
                _call(tiny, True, randn(32, c), momentum=0.05),
                _call(batch(32, c), True, momentum=0.05),
            ],
            "running statistics given, then a nearly constant feature, momentum=0.05",
        )
    )
    c = 5
    cases.append(
        _bn_case(
            "float64",
            uniform(0.5, 1.5, c),
            0.5 * randn(c),
            np.zeros(c),
            np.ones(c),
            [
                _call(batch(10, c), True, randn(10, c), momentum=0.2),
                _call(batch(10, c), True, momentum=0.2),
                _call(batch(3, c), False, randn(3, c), momentum=0.2),
            ],
            "float64, momentum=0.2",
        )
    )
    cases.append(
        _bn_case(
            "float32",
            uniform(0.5, 1.5, 1),
            0.5 * randn(1),
            np.zeros(1),
            np.ones(1),
            [_call(batch(7, 1), True, momentum=1.0), _call(batch(3, 1), False)],
            "one feature, momentum=1.0",
        )
    )
    findings = _forbidden_bn(ctx)
    parts = ("training", "evaluation", "gradients")

    def decide(data: object) -> Verdict:
        reports = _bn_reports(data, len(cases))
        problems: dict[str, list[str]] = {p: [] for p in parts}
        for case, report in zip(cases, reports):
            for part, found in _judge_bn_case(case, report, chain=False).items():
                problems[part] += found
        banned = findings(data)
        if banned:
            return Verdict.failed("; ".join(banned))
        score = sum(not problems[p] for p in parts) / len(parts)
        message = "; ".join(f"{p} mode: " + "; ".join(problems[p][:2]) for p in parts if problems[p])
        return Verdict(score, message.replace("gradients mode", "gradients") or "batch_norm agrees with PyTorch's")

    return Probe(probe_batchnorm, _probe_inputs(cases), decide)


# ---------------------------------------------------------------------------------------------------------------
# init


def probe_init(learner, inputs):
    """For each case: seed PyTorch, build an nn.Linear, call init_linear_ on it, and report what came back and the
    layer's state (weights and bias as arrays, whether the Parameters are the same objects, the dtype). With "again",
    repeat with the same seed and with another one and report those weights too. The global random state is kept."""
    import torch
    from torch import nn

    def build_and_init(case, seed):
        torch.manual_seed(seed)
        layer = nn.Linear(case["fan_in"], case["fan_out"], bias=case["bias"], dtype=getattr(torch, case["dtype"]))
        weight, bias = layer.weight, layer.bias
        returned = learner.init_linear_(layer, case["scheme"])
        return layer, weight, bias, returned

    reports = []
    with torch.random.fork_rng(devices=[]):
        for case in inputs["cases"]:
            try:
                layer, weight, bias, returned = build_and_init(case, case["seed"])
                got = {
                    "returned_layer": returned is layer,
                    "same_weight": layer.weight is weight,
                    "same_bias": layer.bias is bias,
                    "bias_none": layer.bias is None,
                    "weight": layer.weight.detach().clone(),
                    "bias": None if layer.bias is None else layer.bias.detach().clone(),
                    "dtype": str(layer.weight.dtype),
                }
                if case["again"]:
                    got["same_seed"] = build_and_init(case, case["seed"])[0].weight.detach().clone()
                    got["other_seed"] = build_and_init(case, case["seed"] + 1)[0].weight.detach().clone()
            except Exception as exc:
                got = {"raised": f"{type(exc).__name__}: {exc}"[:300]}
            reports.append(got)
    return reports


def _init_case(scheme: str, fan_in: int, fan_out: int, seed: int, bias: bool = True, dtype: str = "float32") -> dict:
    return {
        "scheme": scheme,
        "fan_in": fan_in,
        "fan_out": fan_out,
        "bias": bias,
        "dtype": dtype,
        "seed": seed,
        "again": False,
    }


def _init_problems(case: dict, got: object, strict: bool) -> list[str]:
    """What is wrong with one initialised layer: the call's contract, and the distribution of the weights. With
    `strict`, bounds and tolerances scale with the number of weights (the hidden test); without, the visible test's
    fixed tolerances."""
    scheme, fan_in, fan_out = case["scheme"], case["fan_in"], case["fan_out"]
    what = f"{scheme}, nn.Linear({fan_in}, {fan_out}" + ("" if case["bias"] else ", bias=False")
    what += ", float64)" if case["dtype"] == "float64" else ")"
    if not isinstance(got, dict):
        raise Malformed("not a report")
    if "raised" in got:
        return [f"{what}: raised {got['raised']}"]
    problems = []
    if got.get("returned_layer") is not True:
        problems.append(f"{what}: return the layer you were given")
    if got.get("same_weight") is not True or (strict and got.get("same_bias") is not True):
        problems.append(f"{what}: change the weights in place; do not assign a new Parameter")
    w = got.get("weight")
    if not isinstance(w, np.ndarray) or w.shape != (fan_out, fan_in) or w.dtype.kind != "f":
        return [*problems, f"{what}: the weight must keep its shape {(fan_out, fan_in)}"]
    if strict and got.get("dtype") != f"torch.{case['dtype']}":
        problems.append(f"{what}: the weight must keep its dtype {case['dtype']}, not {got.get('dtype')}")
    bias = got.get("bias")
    if case["bias"]:
        if not isinstance(bias, np.ndarray) or bias.shape != (fan_out,) or not np.all(bias == 0):
            problems.append(f"{what}: set the bias to zero")
    elif strict and got.get("bias_none") is not True:
        problems.append(f"{what}: a layer without bias must stay without bias")
    w = w.astype(np.float64)
    n = w.size
    if not np.isfinite(w).all():
        return [*problems, f"{what}: the weights are not finite"]
    if scheme == "xavier":
        bound = math.sqrt(6 / (fan_in + fan_out))
        std = math.sqrt(2 / (fan_in + fan_out))  # the std of U(-a, a)
    else:
        bound, std = None, math.sqrt(2 / fan_in)
    mean_tol = 5 * std / math.sqrt(n)
    std_tol = max(0.03, 6 / math.sqrt(2 * n)) if strict else 0.05
    if abs(w.mean()) > mean_tol:
        problems.append(f"{what}: the weights' mean is {w.mean():.3g}: it should be about 0")
    if abs(w.std() / std - 1) > std_tol:
        problems.append(f"{what}: the weights' std is {w.std():.4g}, expected about {std:.4g}")
    if scheme == "xavier":
        top = float(np.abs(w).max())
        if top > bound * (1 + 1e-6):
            problems.append(f"{what}: a weight of {top:.4g} lies beyond the bound a = {bound:.4g}")
        elif strict and top < bound * (1 - 20 / n):
            problems.append(f"{what}: no weight comes near the bound a = {bound:.4g}: draw from U(-a, a)")
    elif strict:
        tail = float(np.mean(np.abs(w) > 2 * std))
        spread = 6 * math.sqrt(0.0455 * 0.9545 / n)
        if abs(tail - 0.0455) > spread:
            problems.append(
                f"{what}: {tail:.1%} of the weights lie beyond 2 standard deviations; a normal distribution has 4.6%"
            )
    return problems


def _seed_problems(case: dict, got: dict) -> list[str]:
    if "raised" in got:
        return []
    w, same, other = (got.get(k) for k in ("weight", "same_seed", "other_seed"))
    if not all(isinstance(v, np.ndarray) for v in (w, same, other)):
        return [f"{case['scheme']}: the weights of the repeated calls are missing"]
    problems = []
    if w.shape != same.shape or not np.array_equal(w, same):
        problems.append(f"{case['scheme']}: the same torch.manual_seed must give the same weights")
    if w.shape == other.shape and np.array_equal(w, other):
        problems.append(f"{case['scheme']}: another seed gives the same weights: draw from PyTorch's global generator")
    return problems


@judge("test_init")
def init_visible(ctx: Context) -> Probe:
    cases = [{**_init_case("xavier", 300, 100, 0), "again": True}, {**_init_case("he", 100, 300, 0), "again": True}]

    def decide(reports: object) -> Verdict:
        if not isinstance(reports, list) or len(reports) != len(cases):
            raise Malformed("not one report per case")
        problems = []
        for case, got in zip(cases, reports):
            found = _init_problems(case, got, strict=False)
            problems += found or [p for p in _seed_problems(case, got) if "same weights" in p and "another" not in p]
        return Verdict.unless(problems, "init_linear_ works in place, zeroes the bias, and spreads the weights well")

    return Probe(probe_init, {"cases": cases}, decide)


@judge("test_init_hidden")
def init_hidden(ctx: Context) -> Probe:
    seeds = [int(s) for s in ctx.rng.integers(0, 2**31, size=5)]
    shapes = {
        "xavier": [
            (300, 80, True, "float32"),
            (64, 256, True, "float32"),
            (50, 70, False, "float32"),
            (128, 96, True, "float64"),
        ],
        "he": [
            (80, 300, True, "float32"),
            (256, 64, True, "float32"),
            (70, 50, False, "float32"),
            (96, 128, True, "float64"),
        ],
    }
    cases = []
    for scheme, layers in shapes.items():
        for seed, (fan_in, fan_out, bias, dtype) in zip(seeds, layers):
            cases.append(_init_case(scheme, fan_in, fan_out, seed, bias, dtype))
        cases.append({**_init_case(scheme, 20, 30, seeds[-1]), "again": True})

    def decide(reports: object) -> Verdict:
        if not isinstance(reports, list) or len(reports) != len(cases):
            raise Malformed("not one report per case")
        problems: dict[str, list[str]] = {"xavier": [], "he": []}
        for case, got in zip(cases, reports):
            problems[case["scheme"]] += _init_problems(case, got, strict=True)
            if case["again"] and isinstance(got, dict):
                problems[case["scheme"]] += _seed_problems(case, got)
        score = sum(not p for p in problems.values()) / 2
        message = "; ".join("; ".join(p[:3]) for p in problems.values() if p)
        return Verdict(score, message or "both schemes draw the right distributions, in place, with the bias at zero")

    return Probe(probe_init, {"cases": cases}, decide)


# ---------------------------------------------------------------------------------------------------------------
# activation_scale


def probe_activation(learner, inputs):
    """Call activation_stds with a textbook init_linear_ in the learner's namespace (restored afterwards) that
    records each call it receives; report each result (or error) and the calls recorded during it. With "before",
    seed PyTorch with it just before the call. The global random state is kept."""
    import math

    import torch
    from torch import nn

    recorded = []

    def textbook_init(layer, scheme):
        recorded.append(
            {
                "scheme": scheme if isinstance(scheme, str) else repr(scheme)[:40],
                "linear": isinstance(layer, nn.Linear),
                "shape": list(layer.weight.shape) if isinstance(layer, nn.Linear) else None,
            }
        )
        fan_out, fan_in = layer.weight.shape
        with torch.no_grad():
            if scheme == "xavier":
                bound = math.sqrt(6 / (fan_in + fan_out))
                layer.weight.uniform_(-bound, bound)
            elif scheme == "he":
                layer.weight.normal_(0.0, math.sqrt(2 / fan_in))
            else:
                raise ValueError(f"unknown scheme {scheme!r}")
            if layer.bias is not None:
                layer.bias.zero_()
        return layer

    namespace = learner._ns
    missing = object()
    saved = namespace.get("init_linear_", missing)
    namespace["init_linear_"] = textbook_init
    results = []
    try:
        with torch.random.fork_rng(devices=[]):
            for call in inputs["calls"]:
                recorded.clear()
                try:
                    if call.get("before") is not None:
                        torch.manual_seed(call["before"])
                    value = learner.activation_stds(*call["args"], **call["kwargs"])
                    results.append({"value": value, "inits": list(recorded)})
                except Exception as exc:
                    results.append({"raised": f"{type(exc).__name__}: {exc}"[:300]})
    finally:
        if saved is missing:
            namespace.pop("init_linear_", None)
        else:
            namespace["init_linear_"] = saved
    return results


def _act_call(name: str, depth: int, activation: str, scheme: str, before: int | None = None, **kwargs) -> dict:
    return {"name": name, "args": [depth, activation, scheme], "kwargs": kwargs, "before": before}


def _stds(got: object, depth: int, what: str) -> tuple[list[float] | None, str | None]:
    """The list of floats the learner returned, or what is wrong with its form."""
    if not isinstance(got, dict):
        raise Malformed("not a report")
    if "raised" in got:
        return None, f"{what}: raised {got['raised']}"
    value = got.get("value")
    if not isinstance(value, list):
        return None, f"{what}: return a list with one std per layer, not {kind(value)}"
    if len(value) != depth:
        return None, f"{what}: {len(value)} stds for {depth} layers"
    if not all(type(v) is float for v in value):
        bad = next(v for v in value if type(v) is not float)
        return None, f"{what}: each std must be a Python float (use .item()), got {kind(bad)}"
    if not all(math.isfinite(v) and v > 0 for v in value):
        return None, f"{what}: the stds must be finite and positive"
    return list(value), None


def _calls_for(calls: list[dict]) -> dict:
    return {"calls": [{k: v for k, v in c.items() if k != "name"} for c in calls]}


def _results(data: object, n: int) -> list:
    if not isinstance(data, list) or len(data) != n:
        raise Malformed("not one result per call")
    return data


@judge("test_activation_scale")
def activation_visible(ctx: Context) -> Probe:
    calls = [
        _act_call("8 ReLU layers, He, width 64, n 128", 8, "relu", "he", width=64, n=128),
        _act_call("the same after torch.manual_seed(123)", 8, "relu", "he", before=123, width=64, n=128),
        _act_call("the same with seed=1", 8, "relu", "he", width=64, n=128, seed=1),
        _act_call("3 tanh layers, default, width 16, n 32", 3, "tanh", "default", width=16, n=32),
    ]

    def decide(data: object) -> Verdict:
        results = _results(data, len(calls))
        read = [_stds(got, call["args"][0], call["name"]) for call, got in zip(calls, results)]
        problems = [p for _, p in read if p]
        if problems:
            return Verdict.unless(problems)
        stds, again, other, _ = (v for v, _ in read)
        if not 0.7 < stds[0] < 0.95:
            hint = "measure all the values of the layer's output, after the activation"
            problems.append(f"after one He-initialised ReLU layer the std is {stds[0]:.3g}, not in (0.7, 0.95): {hint}")
        if stds != again:
            problems.append("the same seed must give the same stds, whatever the random state before the call")
        if stds == other:
            problems.append("a different seed should give other stds")
        return Verdict.unless(problems, "activation_stds has the right form")

    return Probe(probe_activation, _calls_for(calls), decide)


# Bands for activation_stds(30, activation, scheme, width=128, n=256, seed): the range of the std after layers 1, 10
# and 30 over 1000 seeds (drawing the batch before the layers and after them, half each), widened by a factor of 1.1
# after layer 1 (where the spread is a few per cent) and of 2 after layers 10 and 30 (where it is up to tenfold).
SCALE_DEPTH, SCALE_WIDTH, SCALE_N = 30, 128, 256
SCALE_LAYERS = (1, 10, 30)
MEASURED = {
    ("relu", "default"): ((0.329, 0.346), (0.0239, 0.0391), (0.0233, 0.0378)),
    ("relu", "xavier"): ((0.567, 0.599), (0.0116, 0.0543), (3.99e-06, 1.09e-04)),
    ("relu", "he"): ((0.802, 0.853), (0.429, 1.55), (0.16, 3.58)),
    ("tanh", "default"): ((0.455, 0.467), (0.0524, 0.0728), (0.0497, 0.0731)),
    ("tanh", "xavier"): ((0.621, 0.634), (0.211, 0.247), (0.0986, 0.169)),
    ("tanh", "he"): ((0.713, 0.728), (0.538, 0.571), (0.53, 0.576)),
}
SCALE_BANDS = {
    key: tuple((low / margin, high * margin) for (low, high), margin in zip(ranges, (1.1, 2.0, 2.0)))
    for key, ranges in MEASURED.items()
}


@judge("test_activation_scale_hidden")
def activation_hidden(ctx: Context) -> Probe:
    seed = int(ctx.rng.integers(0, 2**31))
    combos = list(SCALE_BANDS)
    scale = [
        _act_call(f"{a}, {s}", SCALE_DEPTH, a, s, width=SCALE_WIDTH, n=SCALE_N, seed=seed + i)
        for i, (a, s) in enumerate(combos)
    ]
    form = [
        _act_call(
            "4 ReLU layers, Xavier, after torch.manual_seed(1)", 4, "relu", "xavier", 1, width=32, n=64, seed=seed
        ),
        _act_call("the same after torch.manual_seed(2)", 4, "relu", "xavier", 2, width=32, n=64, seed=seed),
        _act_call("the same with the next seed", 4, "relu", "xavier", width=32, n=64, seed=seed + 1),
        _act_call("7 tanh layers, He, width 48", 7, "tanh", "he", width=48, n=20),
        _act_call("1 ReLU layer, default, width 48", 1, "relu", "default", width=48, n=20),
        _act_call("2 tanh layers, Xavier, the default width and n", 2, "tanh", "xavier"),
    ]
    calls = scale + form

    def decide(data: object) -> Verdict:
        results = _results(data, len(calls))
        scale_problems: list[str] = []
        for (a, s), got in zip(combos, results):
            values, problem = _stds(got, SCALE_DEPTH, f"{a} with the {s} initialisation")
            if problem:
                scale_problems.append(problem)
                continue
            for layer, (low, high) in zip(SCALE_LAYERS, SCALE_BANDS[(a, s)]):
                v = values[layer - 1]
                if not low <= v <= high:
                    scale_problems.append(
                        f"{a} with the {s} initialisation (width {SCALE_WIDTH}): a std of {v:.3g} after layer {layer} "
                        "is far from what this stack gives"
                    )
                    break
        form_problems: list[str] = []
        read = [_stds(got, call["args"][0], call["name"]) for call, got in zip(form, results[len(scale) :])]
        form_problems += [p for _, p in read if p]
        if not form_problems:
            first, second, third = (v for v, _ in read[:3])
            if first != second:
                form_problems.append("the same seed must give the same stds, whatever the random state before the call")
            if first == third:
                form_problems.append("different seeds give the same stds: is `seed` used?")
        expected_inits = [
            (4, "xavier", 32),
            (4, "xavier", 32),
            (4, "xavier", 32),
            (7, "he", 48),
            (0, None, 48),
            (2, "xavier", 256),
        ]
        for call, got, (count, scheme, width) in zip(form, results[len(scale) :], expected_inits):
            inits = got.get("inits") if isinstance(got, dict) else None
            if "raised" in got:
                continue
            if not isinstance(inits, list) or not all(isinstance(i, dict) for i in inits):
                raise Malformed("no list of init calls")
            right = [i for i in inits if i.get("scheme") == scheme and i.get("shape") == [width, width]]
            if scheme is None and inits:
                form_problems.append(f"{call['name']}: the default scheme keeps PyTorch's own initialisation")
            elif scheme is not None and (len(inits) != count or len(right) != count):
                form_problems.append(
                    f"{call['name']}: expected init_linear_(layer, {scheme!r}) once for each of the {count} "
                    f"nn.Linear({width}, {width}) layers, got {len(inits)} call(s)"
                    + ("" if len(right) == len(inits) else " with other layers or schemes")
                )
        parts = [("scale", scale_problems), ("form", form_problems)]
        score = sum(not p for _, p in parts) / len(parts)
        message = "; ".join(f"{name}: " + "; ".join(p[:3]) for name, p in parts if p)
        return Verdict(score, message or "the stds have the right scale for every activation and scheme")

    return Probe(probe_activation, _calls_for(calls), decide)
