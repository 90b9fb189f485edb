"""Judges of gradient_flow.ipynb: plain and residual blocks, per-block gradient norms, the vanishing ratio,
gradients through time (RNN against LSTM), and the true statements about residual connections.

The probes build every model they hand to the learner from weights and data that the judge made (arrays in the
inputs), so the judge's references are computed on exactly the same inputs. Where a question depends on an
earlier one (`gradient_ratio` uses the blocks and `block_gradient_norms`), its probe puts trusted versions of the
earlier functions in the learner's namespace for the call and restores the learner's own afterwards, so that one
wrong answer costs points only on its own question.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from mlexam.course.judging import Context, Item, Judges, Probe, Verdict, array_problem, kind

judge = Judges()


# ---------------------------------------------------------------------------------------------------------------
# Shared readers of untrusted data


def _raised(got: object) -> str | None:
    """The learner's exception in a probe's report ("Type: message"), if there is one."""
    if isinstance(got, dict) and isinstance(got.get("raised"), str):
        return got["raised"]
    return None


def _real(value: object) -> float | None:
    """A real number as `float()` reads one: int or float (not bool), or a numeric array of one element."""
    if type(value) in (int, float):
        return float(value)
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
        return float(value.reshape(()))
    return None


def _floats(value: object) -> list[float] | None:
    """A list of Python floats (after conversion: NumPy floats count), else None."""
    if isinstance(value, list) and all(type(v) is float for v in value):
        return list(value)
    return None


# ---------------------------------------------------------------------------------------------------------------
# blocks


def probe_blocks(learner, inputs):
    """Build the learner's blocks (seeded, the global random state kept), describe their branch f, and run them:
    with their own f on the judge's inputs, and with a branch f the test knows."""
    import torch
    from torch import nn

    class Known(nn.Module):
        def __init__(self, rule):
            super().__init__()
            self.rule = rule

        def forward(self, x):
            if self.rule == "times_two":
                return 2 * x
            if self.rule == "affine":
                return 3 * x - 1
            return 0 * x

    def layer_facts(layer, activation):
        t = type(layer)
        facts = {"type": f"{t.__module__}.{t.__qualname__}", "linear": isinstance(layer, nn.Linear)}
        if facts["linear"]:
            facts["features"] = [layer.in_features, layer.out_features]
        if activation is not None:
            facts["is_activation"] = isinstance(layer, activation)
        return facts

    def build(name, dim, activation):
        cls = getattr(learner, name)
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(inputs["seed"])
            return cls(dim) if activation is None else cls(dim, activation=activation)

    reports = []
    for case in inputs["cases"]:
        report = {}
        for name in case["classes"]:
            got = {}
            try:
                activation = getattr(nn, case["activation"]) if case.get("activation") else None
                block = build(name, case["dim"], activation)
                if case["kind"] == "structure":
                    f = getattr(block, "f", None)
                    got["sequential"] = isinstance(f, nn.Sequential)
                    if isinstance(f, nn.Sequential):
                        got["layers"] = [layer_facts(layer, activation or nn.Tanh) for layer in f]
                        got["state"] = {k: v.detach().clone() for k, v in f.state_dict().items()}
                    got["n_params"] = sum(p.numel() for p in block.parameters())
                    if case.get("x") is not None:
                        got["out"] = block(torch.from_numpy(case["x"]))
                else:
                    block.f = Known(case["rule"])
                    x = torch.from_numpy(case["x"])
                    got["out"] = block(x)
                    if case.get("grad"):
                        x = x.clone().requires_grad_(True)
                        (grad,) = torch.autograd.grad(block(x).sum(), x)
                        got["grad"] = grad
            except Exception as exc:
                got = {"raised": f"{type(exc).__name__}: {exc}"}
            report[name] = got
        reports.append(report)
    return reports


TYPE_OF = {
    "Sigmoid": "torch.nn.modules.activation.Sigmoid",
    "Tanh": "torch.nn.modules.activation.Tanh",
    "ReLU": "torch.nn.modules.activation.ReLU",
    "GELU": "torch.nn.modules.activation.GELU",
}
ACTIVATION = {"Sigmoid": torch.sigmoid, "Tanh": torch.tanh, "ReLU": torch.relu, "GELU": nn.functional.gelu}
CLASSES = ["PlainBlock", "ResidualBlock"]


def _branch(state: object, dim: int) -> dict[str, np.ndarray] | None:
    """The two linear layers' weights and biases of f, as reported, if they have the shapes f's layers have."""
    if not isinstance(state, dict):
        return None
    shapes = {"0.weight": (dim, dim), "0.bias": (dim,), "2.weight": (dim, dim), "2.bias": (dim,)}
    if set(state) != set(shapes):
        return None
    for key, shape in shapes.items():
        value = state[key]
        if not isinstance(value, np.ndarray) or value.shape != shape or value.dtype.kind != "f":
            return None
    return {k: v.astype(np.float64) for k, v in state.items()}


def _branch_output(weights: dict[str, np.ndarray], activation: str, x: np.ndarray) -> np.ndarray:
    """f(x) = Linear -> activation -> Linear with the block's own weights, in float64."""
    h = torch.from_numpy(x.astype(np.float64))
    h = nn.functional.linear(h, torch.from_numpy(weights["0.weight"]), torch.from_numpy(weights["0.bias"]))
    h = ACTIVATION[activation](h)
    h = nn.functional.linear(h, torch.from_numpy(weights["2.weight"]), torch.from_numpy(weights["2.bias"]))
    return h.numpy()


def _structure_problems(name: str, got: dict, case: dict, visible: bool) -> list[str]:
    """What is wrong with one block built with its own f: the layers of f, its parameters, its output."""
    dim, act = case["dim"], case.get("activation") or "Tanh"
    call = f"{name}({dim}" + (f", activation=nn.{case['activation']})" if case.get("activation") else ")")
    if got.get("sequential") is not True:
        return [f"{call}.f must be an nn.Sequential of 3 layers"]
    layers = got.get("layers")
    if not isinstance(layers, list) or len(layers) != 3 or not all(isinstance(layer, dict) for layer in layers):
        return [f"{call}.f must be an nn.Sequential of 3 layers"]
    problems = []
    for i in (0, 2):
        if layers[i].get("linear") is not True or layers[i].get("features") != [dim, dim]:
            problems.append(f"{call}.f[{i}] must be nn.Linear({dim}, {dim})")
    middle = layers[1]
    right_type = middle.get("is_activation") is True if visible else middle.get("type") == TYPE_OF[act]
    if not right_type:
        how = "use the activation argument" if case.get("activation") else "the default activation is nn.Tanh"
        problems.append(f"{call}.f[1] is {str(middle.get('type')).rsplit('.', 1)[-1]}: {how}")
    if visible:
        return problems
    if got.get("n_params") != 2 * (dim * dim + dim):
        problems.append(f"{call} must hold exactly the parameters of f")
    weights = _branch(got.get("state"), dim)
    x = case.get("x")
    if problems or x is None:
        return problems
    if weights is None:
        return [f"{call}.f's linear layers have parameters of the wrong shape or dtype"]
    fx = _branch_output(weights, act, x)
    want = fx if name == "PlainBlock" else x.astype(np.float64) + fx
    problem = array_problem(got.get("out"), want, 1e-5, 1e-5, f"{call} on a batch of shape {x.shape}, with its own f")
    return [problem] if problem else []


def _known_problems(name: str, got: dict, case: dict) -> list[str]:
    """What is wrong with one block whose f was replaced by a branch the test knows."""
    x = case["x"].astype(np.float64)
    rule = {"times_two": (2 * x, "f(x) = 2x"), "affine": (3 * x - 1, "f(x) = 3x - 1"), "zero": (0 * x, "f(x) = 0")}
    fx, told = rule[case["rule"]]
    want = fx if name == "PlainBlock" else x + fx
    what = f"{name} with {told}, on a batch of shape {x.shape}"
    if case.get("exact"):
        out = got.get("out")
        if not isinstance(out, np.ndarray) or out.shape != x.shape or not np.array_equal(out.astype(np.float64), want):
            shown = out.tolist() if isinstance(out, np.ndarray) and out.size <= 8 else kind(out)
            return [f"with {told}, {name} gives {shown} for x = {case['x'].tolist()}"]
        problem = None
    else:
        problem = array_problem(got.get("out"), want, 1e-5, 1e-6, what)
    problems = [problem] if problem else []
    if case.get("grad") and name == "ResidualBlock":
        grad = got.get("grad")
        if not isinstance(grad, np.ndarray) or grad.shape != x.shape or not np.array_equal(grad, np.ones_like(x)):
            problems.append("with f = 0 the residual block's Jacobian must be I (the gradient of sum(out) is all ones)")
    return problems


def _judge_blocks(cases: list[dict], visible: bool):
    def decide(reports: object) -> Verdict:
        if not isinstance(reports, list) or len(reports) != len(cases):
            return Verdict.failed("the test's result was incomplete")
        problems = []
        for case, report in zip(cases, reports):
            if not isinstance(report, dict):
                return Verdict.failed("the test's result was incomplete")
            for name in case["classes"]:
                got = report.get(name)
                if not isinstance(got, dict):
                    return Verdict.failed("the test's result was incomplete")
                if _raised(got):
                    problems.append(f"{name}: raised {_raised(got)}")
                elif case["kind"] == "structure":
                    problems += _structure_problems(name, got, case, visible)
                else:
                    problems += _known_problems(name, got, case)
        return Verdict.unless(problems, "both blocks are built and wired as specified")

    return decide


@judge("test_blocks")
def blocks_visible(ctx: Context) -> Probe:
    v = np.array([[1.0, -2.0, 3.0, 0.5]], dtype=np.float32)
    cases = [
        {"kind": "structure", "classes": CLASSES, "dim": 4, "activation": "Sigmoid"},
        {"kind": "structure", "classes": CLASSES, "dim": 4, "activation": None},
        {"kind": "known", "classes": CLASSES, "dim": 4, "rule": "times_two", "x": v, "exact": True},
    ]
    return Probe(probe_blocks, {"seed": 0, "cases": cases}, _judge_blocks(cases, visible=True))


@judge("test_blocks_hidden")
def blocks_hidden(ctx: Context) -> Probe:
    def batch(*shape: int) -> np.ndarray:
        return ctx.rng.standard_normal(shape).astype(np.float32)

    cases = [
        {"kind": "structure", "classes": CLASSES, "dim": dim, "activation": act, "x": batch(5, dim)}
        for dim, act in [(3, "ReLU"), (7, "GELU"), (16, "Tanh")]
    ]
    cases += [
        {"kind": "known", "classes": CLASSES, "dim": 6, "rule": "affine", "x": batch(2, 3, 6)},
        {"kind": "known", "classes": ["ResidualBlock"], "dim": 6, "rule": "zero", "x": batch(4, 6), "grad": True},
    ]
    return Probe(probe_blocks, {"seed": ctx.seed(), "cases": cases}, _judge_blocks(cases, visible=False))


# ---------------------------------------------------------------------------------------------------------------
# grad_norms


def probe_grad_norms(learner, inputs):
    """Build each model the judge describes, load the judge's weights, optionally leave stale gradients in .grad,
    and call block_gradient_norms (once or twice) on the judge's batch."""
    import torch
    from torch import nn

    class Block(nn.Module):
        def __init__(self, dim, residual):
            super().__init__()
            self.residual = residual
            self.f = nn.Sequential(nn.Linear(dim, dim), nn.Sigmoid(), nn.Linear(dim, dim))

        def forward(self, x):
            return x + self.f(x) if self.residual else self.f(x)

    def build(name):
        if name == "tiny":
            return nn.Sequential(nn.Linear(1, 1), nn.Identity())
        if name == "small":
            return nn.Sequential(nn.Linear(8, 16), nn.Tanh(), nn.Linear(16, 8))
        if name == "mixed":
            return nn.Sequential(
                nn.Linear(5, 7),
                nn.Tanh(),
                nn.Linear(7, 7),
                nn.Identity(),
                nn.Sequential(nn.Linear(7, 3), nn.ReLU()),
                nn.Linear(3, 2, bias=False),
            )
        if name == "plain":
            return nn.Sequential(*[Block(6, residual=False) for _ in range(5)])
        if name == "residual":
            return nn.Sequential(nn.ReLU(), *[Block(6, residual=True) for _ in range(4)])
        return nn.Sequential(*[Block(8, residual=False) for _ in range(30)])

    def snapshot(value):
        return {"value": list(value) if isinstance(value, list) else value, "is_list": isinstance(value, list)}

    reports = []
    with torch.random.fork_rng(devices=[]):
        for case in inputs["cases"]:
            model = build(case["model"])
            model.load_state_dict({k: torch.from_numpy(v) for k, v in case["state"].items()})
            x, y = torch.from_numpy(case["x"]), torch.from_numpy(case["y"])
            if case["stale"]:
                for p in model.parameters():
                    p.grad = torch.full_like(p, 100.0)
            report = {}
            try:
                report["first"] = snapshot(learner.block_gradient_norms(model, x, y))
                if case["twice"]:
                    report["second"] = snapshot(learner.block_gradient_norms(model, x, y))
            except Exception as exc:
                report = {"raised": f"{type(exc).__name__}: {exc}"}
            reports.append(report)
    return reports


class _Block(nn.Module):
    """The judge's copy of the probe's sigmoid block (same parameter names, same construction order)."""

    def __init__(self, dim: int, residual: bool) -> None:
        super().__init__()
        self.residual = residual
        self.f = nn.Sequential(nn.Linear(dim, dim), nn.Sigmoid(), nn.Linear(dim, dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.f(x) if self.residual else self.f(x)


def _grad_model(name: str) -> nn.Sequential:
    """The judge's copy of the probe's `build` (the state dicts must have the same keys and shapes)."""
    if name == "tiny":
        return nn.Sequential(nn.Linear(1, 1), nn.Identity())
    if name == "small":
        return nn.Sequential(nn.Linear(8, 16), nn.Tanh(), nn.Linear(16, 8))
    if name == "mixed":
        return nn.Sequential(
            nn.Linear(5, 7),
            nn.Tanh(),
            nn.Linear(7, 7),
            nn.Identity(),
            nn.Sequential(nn.Linear(7, 3), nn.ReLU()),
            nn.Linear(3, 2, bias=False),
        )
    if name == "plain":
        return nn.Sequential(*[_Block(6, residual=False) for _ in range(5)])
    if name == "residual":
        return nn.Sequential(nn.ReLU(), *[_Block(6, residual=True) for _ in range(4)])
    return nn.Sequential(*[_Block(8, residual=False) for _ in range(30)])


def _grad_case(name: str, seed: int, n: int, dims: tuple[int, int], stale: bool, twice: bool) -> tuple[dict, list]:
    """A model and batch from `seed` (as arrays for the probe) and the reference norms on exactly those."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = _grad_model(name)
        x, y = torch.randn(n, dims[0]), torch.randn(n, dims[1])
    case = {
        "model": name,
        "state": {k: v.detach().numpy().copy() for k, v in model.state_dict().items()},
        "x": x.numpy(),
        "y": y.numpy(),
        "stale": stale,
        "twice": twice,
    }
    return case, _reference_norms(model, x, y)


def _reference_norms(model: nn.Sequential, x: torch.Tensor, y: torch.Tensor) -> list[float]:
    params = [list(child.parameters()) for child in model]
    flat = [p for ps in params for p in ps]
    grads = iter(torch.autograd.grad(nn.functional.mse_loss(model(x), y), flat))
    return [math.sqrt(sum(float(next(grads).double().pow(2).sum()) for _ in ps)) for ps in params]


def _norms_read(got: object, n: int, what: str) -> tuple[list[float] | None, str | None]:
    """The norms the learner returned, or what is wrong with their form."""
    if not isinstance(got, dict) or type(got.get("is_list")) is not bool:
        return None, f"{what}: the test's result was incomplete"
    value = got.get("value")
    if not isinstance(value, list):
        return None, f"{what}: return a list with one norm per child, not {kind(value)}"
    if not got["is_list"]:
        return None, f"{what}: return a list with one norm per child, not another kind of sequence"
    if len(value) != n:
        return None, f"{what}: {len(value)} norms for a model with {n} children"
    norms = _floats(value)
    if norms is None:
        bad = next(v for v in value if type(v) is not float)
        return None, f"{what}: each norm must be a Python float (use .item()), got {kind(bad)}"
    return norms, None


@judge("test_grad_norms")
def grad_norms_visible(ctx: Context) -> Probe:
    tiny = {
        "model": "tiny",
        "state": {"0.weight": np.array([[2.0]], dtype=np.float32), "0.bias": np.array([0.0], dtype=np.float32)},
        "x": np.ones((1, 1), dtype=np.float32),
        "y": np.zeros((1, 1), dtype=np.float32),
        "stale": False,
        "twice": False,
    }
    small, _ = _grad_case("small", 0, 32, (8, 8), stale=False, twice=True)
    cases = [tiny, small]

    def decide(reports: object) -> Verdict:
        if not isinstance(reports, list) or len(reports) != 2 or not all(isinstance(r, dict) for r in reports):
            return Verdict.failed("the test's result was incomplete")
        problems = []
        if _raised(reports[0]):
            problems.append(f"the one-weight model: raised {_raised(reports[0])}")
        else:
            norms, problem = _norms_read(reports[0].get("first"), 2, "the one-weight model")
            if problem:
                problems.append(problem)
            else:
                if not abs(norms[0] - math.sqrt(32)) < 1e-4:
                    problems.append(f"the one-weight model, child 0: expected sqrt(4^2 + 4^2), got {norms[0]:.4g}")
                if norms[1] != 0.0:
                    problems.append(f"child 1 (nn.Identity) has no parameters: expected 0.0, got {norms[1]}")
        if _raised(reports[1]):
            problems.append(f"the three-layer model: raised {_raised(reports[1])}")
        else:
            first, problem = _norms_read(reports[1].get("first"), 3, "the three-layer model")
            second, again = _norms_read(reports[1].get("second"), 3, "the three-layer model, second call")
            if problem or again:
                problems += [p for p in (problem, again) if p]
            else:
                if not (first[1] == 0.0 and first[0] > 0 and first[2] > 0):
                    problems.append(f"the three-layer model: unexpected norms {first}")
                if not all(abs(a - b) <= 1e-6 * a for a, b in zip(first, second)):
                    problems.append("a second call gives other norms than the first: gradients from the first leak")
        return Verdict.unless(problems, "block_gradient_norms works")

    return Probe(probe_grad_norms, {"cases": cases}, decide)


@judge("test_grad_norms_hidden")
def grad_norms_hidden(ctx: Context) -> Probe:
    specs = [
        ("mixed", 20, (5, 2), "a model with an nn.Identity, a nested nn.Sequential and a layer without bias"),
        ("plain", 16, (6, 6), "a stack of 5 plain sigmoid blocks"),
        ("residual", 16, (6, 6), "a ReLU followed by 4 residual sigmoid blocks"),
    ]
    cases, references = [], []
    for name, n, dims, _ in specs:
        case, reference = _grad_case(name, ctx.seed(), n, dims, stale=True, twice=True)
        cases.append(case)
        references.append(reference)
    deep, _ = _grad_case("deep", ctx.seed(), 16, (8, 8), stale=False, twice=False)
    cases.append(deep)

    def close(mine: list[float], ref: list[float]) -> bool:
        return all(abs(a - b) <= 1e-4 * b + 1e-12 for a, b in zip(mine, ref))

    def decide(reports: object) -> Verdict:
        if not isinstance(reports, list) or len(reports) != len(cases) or not all(isinstance(r, dict) for r in reports):
            return Verdict.failed("the test's result was incomplete")
        problems = []
        for (_, _, _, what), report, ref in zip(specs, reports, references):
            if _raised(report):
                problems.append(f"{what}: raised {_raised(report)}")
                continue
            first, problem = _norms_read(report.get("first"), len(ref), f"{what} (stale gradients in .grad)")
            if problem:
                problems.append(problem)
                continue
            if not close(first, ref):
                at = next(i for i, (a, b) in enumerate(zip(first, ref)) if not abs(a - b) <= 1e-4 * b + 1e-12)
                problems.append(
                    f"{what}, with stale gradients left in .grad: child {at}'s norm {first[at]:.6g} "
                    "differs from the reference"
                )
                continue
            second, problem = _norms_read(report.get("second"), len(ref), f"{what}, second call")
            if problem or not close(second, ref):
                problems.append(problem or f"{what}: a second call gives other norms: gradients leak between calls")
        report = reports[-1]
        what = "a plain stack of 30 sigmoid blocks"
        if _raised(report):
            problems.append(f"{what}: raised {_raised(report)}")
        else:
            norms, problem = _norms_read(report.get("first"), 30, what)
            if problem:
                problems.append(problem)
            elif not (0.0 <= norms[0] < 1e-20 and norms[-1] > 1e-3):
                problems.append(
                    f"{what}: the first block's norm should be vanishingly small (or 0.0) and the last one's not, "
                    f"got {norms[0]:.3g} and {norms[-1]:.3g}"
                )
        return Verdict.unless(problems, "block_gradient_norms agrees with the reference")

    return Probe(probe_grad_norms, {"cases": cases}, decide)


# ---------------------------------------------------------------------------------------------------------------
# vanishing


def probe_vanishing(learner, inputs):
    """Call gradient_ratio with textbook PlainBlock and ResidualBlock (and, where the judge asks, a textbook
    block_gradient_norms) in place of the learner's, restored afterwards; the global random state is kept."""
    import torch
    from torch import nn

    class TextbookPlain(nn.Module):
        def __init__(self, dim, activation=nn.Tanh):
            super().__init__()
            self.f = nn.Sequential(nn.Linear(dim, dim), activation(), nn.Linear(dim, dim))

        def forward(self, x):
            return self.f(x)

    class TextbookResidual(TextbookPlain):
        def forward(self, x):
            return x + self.f(x)

    def textbook_norms(model, x, y):
        params = [list(child.parameters()) for child in model]
        flat = [p for ps in params for p in ps]
        grads = iter(torch.autograd.grad(nn.functional.mse_loss(model(x), y), flat))
        return [sum(float(next(grads).double().pow(2).sum()) for _ in ps) ** 0.5 for ps in params]

    trusted = {"PlainBlock": TextbookPlain, "ResidualBlock": TextbookResidual}
    if inputs["textbook_norms"]:
        trusted["block_gradient_norms"] = textbook_norms
    namespace = learner._ns
    missing = object()
    saved = {name: namespace.get(name, missing) for name in trusted}
    namespace.update(trusted)
    results = []
    try:
        with torch.random.fork_rng(devices=[]):
            for call in inputs["calls"]:
                try:
                    if call.get("before") is not None:
                        torch.manual_seed(call["before"])
                    results.append({"value": learner.gradient_ratio(*call["args"], **call["kwargs"])})
                except Exception as exc:
                    results.append({"raised": f"{type(exc).__name__}: {exc}"})
    finally:
        for name, value in saved.items():
            if value is missing:
                namespace.pop(name, None)
            else:
                namespace[name] = value
    return results


def _ratio_calls(calls: list[dict]):
    """Read the probe's results: each call's ratio (a real number) or the problem with it."""

    def read(results: object) -> tuple[list[float | None], list[str]] | None:
        if not isinstance(results, list) or len(results) != len(calls) or not all(isinstance(r, dict) for r in results):
            return None
        values, problems = [], []
        for call, got in zip(calls, results):
            value = None if _raised(got) else _real(got.get("value"))
            if _raised(got):
                problems.append(f"{call['name']}: raised {_raised(got)}")
            elif value is None:
                problems.append(f"{call['name']}: expected a float, got {kind(got.get('value'))}")
            values.append(value)
        return values, problems

    return read


def _call(name: str, depth: int, residual: bool, seed: int | None = None, before: int | None = None) -> dict:
    kwargs = {} if seed is None else {"seed": seed}
    return {"name": name, "args": [depth, residual], "kwargs": kwargs, "before": before}


@judge("test_vanishing")
def vanishing_visible(ctx: Context) -> Probe:
    calls = []
    for residual in (False, True):
        r = f"residual={residual}"
        calls += [
            _call(f"depth 1, {r}", 1, residual),
            _call(f"depth 30, {r}, seed 0", 30, residual, 0),
            _call(f"depth 30, {r}, seed 0 again", 30, residual, 0),
            _call(f"depth 3, {r}, seed 0, after torch.manual_seed(123)", 3, residual, 0, before=123),
            _call(f"depth 3, {r}, seed 0, after torch.manual_seed(456)", 3, residual, 0, before=456),
            _call(f"depth 3, {r}, seed 0", 3, residual, 0),
            _call(f"depth 3, {r}, seed 1", 3, residual, 1),
        ]
    read = _ratio_calls(calls)

    def decide(results: object) -> Verdict:
        got = read(results)
        if got is None:
            return Verdict.failed("the test's result was incomplete")
        values, problems = got
        if problems:
            return Verdict.unless(problems)
        for i, residual in ((0, False), (7, True)):
            one, r, again, before, after, seed0, seed1 = values[i : i + 7]
            r_ = f"residual={residual}"
            if one != 1.0:
                problems.append(f"{r_}: with depth 1 the first block is the last one: the ratio must be 1.0, got {one}")
            if not (math.isfinite(r) and r >= 0):
                problems.append(f"{r_}: the ratio must be finite and >= 0, got {r}")
            if r != again:
                problems.append(f"{r_}: the same seed must give the same ratio")
            if before != after:
                fix = "seed before anything random happens, the model's weights included"
                problems.append(
                    f"{r_}: the same seed gives different ratios depending on the random state before the call: {fix}"
                )
            if seed0 == seed1:
                problems.append(f"{r_}: a different seed should give a different ratio")
        return Verdict.unless(problems, "gradient_ratio has the right form")

    return Probe(probe_vanishing, {"textbook_norms": True, "calls": calls}, decide)


@judge("test_vanishing_hidden")
def vanishing_hidden(ctx: Context) -> Probe:
    seeds = [int(s) for s in ctx.rng.choice(10**6, size=3, replace=False)]
    calls = []
    for i, seed in enumerate(seeds, 1):
        calls += [
            _call(f"seed #{i}: a residual stack of 30 sigmoid blocks", 30, True, seed),
            _call(f"seed #{i}: a plain stack of 30 sigmoid blocks", 30, False, seed),
            _call(f"seed #{i}: a plain stack of 10 sigmoid blocks", 10, False, seed),
        ]
    bounds = [(0.1, 10.0, False), (0.0, 1e-6, True), (0.0, 1e-7, True)] * len(seeds)
    read = _ratio_calls(calls)

    def decide(results: object) -> Verdict:
        got = read(results)
        if got is None:
            return Verdict.failed("the test's result was incomplete")
        values, problems = got
        for call, value, (low, high, from_zero) in zip(calls, values, bounds):
            if value is None:
                continue
            ok = (low <= value < high) if from_zero else (low < value < high)
            if not ok:
                problems.append(f"{call['name']} gives ratio {value:.3g}")
        return Verdict.unless(problems, "plain stacks vanish, residual stacks do not")

    return Probe(probe_vanishing, {"textbook_norms": True, "calls": calls}, decide)


# ---------------------------------------------------------------------------------------------------------------
# through_time


def probe_through_time(learner, inputs):
    """Call hidden_gradient_norm on each (cell, T, hidden, seed), leaving out the arguments given as None; the
    global random state is kept."""
    import torch

    results = []
    with torch.random.fork_rng(devices=[]):
        for cell, T, hidden, seed in inputs["calls"]:
            kwargs = {k: v for k, v in (("hidden", hidden), ("seed", seed)) if v is not None}
            try:
                results.append({"value": learner.hidden_gradient_norm(cell, T, **kwargs)})
            except Exception as exc:
                results.append({"raised": f"{type(exc).__name__}: {exc}"})
    return results


def _read_norms(calls: list[list], results: object, strict: bool) -> tuple[list[float | None], list[str]] | None:
    """Each call's norm (None where it is not a number), and the problems with those that are not."""
    if not isinstance(results, list) or len(results) != len(calls) or not all(isinstance(r, dict) for r in results):
        return None
    values, problems = [], []
    for (cell, T, hidden, seed), got in zip(calls, results):
        name = f"hidden_gradient_norm({cell!r}, {T}" + (f", hidden={hidden}" if hidden else "")
        name += f", seed={seed})" if seed is not None else ")"
        value = got.get("value")
        number = (value if type(value) is float else None) if strict else _real(value)
        if _raised(got):
            problems.append(f"{name} raised {_raised(got)}")
        elif number is None:
            problems.append(f"{name}: return a Python float, not {kind(value)}")
        values.append(number)
    return values, problems


@judge("test_through_time")
def through_time_visible(ctx: Context) -> Probe:
    calls = [[cell, T, None, None] for cell in ("rnn", "lstm") for T in (1, 20, 20)]

    def decide(results: object) -> Verdict:
        read = _read_norms(calls, results, strict=True)
        if read is None:
            return Verdict.failed("the test's result was incomplete")
        values, problems = read
        if problems:
            return Verdict.unless(problems)
        for i, cell in ((0, "rnn"), (3, "lstm")):
            one, later, again = values[i : i + 3]
            if not 0.2 < one < 20:
                problems.append(f"{cell}, T=1: a gradient norm of {one:.3g} is far from the expected order (about 1)")
            elif not 0 <= later < one:
                problems.append(f"{cell}: the norm should shrink from T=1 ({one:.3g}) to T=20 ({later:.3g})")
            if later != again:
                problems.append(f"{cell}: the same seed must give the same norm")
        return Verdict.unless(problems, "hidden_gradient_norm has the right form")

    return Probe(probe_through_time, {"calls": calls}, decide)


THROUGH_TIME_SEEDS = (5, 17, 23)  # fixed: the contrast holds for every right variant of the corpus at these


@judge("test_through_time_hidden")
def through_time_hidden(ctx: Context) -> Probe:
    # The seeds stay those of the former hidden test: the thresholds below are properties that hold with
    # wide margins for almost every seed, but a random seed fails a right answer about once in 400.
    lengths = (1, 10, 30, 50)
    calls = [[cell, T, None, seed] for seed in THROUGH_TIME_SEEDS for cell in ("rnn", "lstm") for T in lengths]
    calls += [[cell, 1, hidden, 5] for cell in ("rnn", "lstm") for hidden in (8, 128)]
    calls += [[cell, 10, None, seed] for cell in ("rnn", "lstm") for seed in (5, 6)]

    def decide(results: object) -> Verdict:
        read = _read_norms(calls, results, strict=False)
        if read is None:
            return Verdict.failed("the test's result was incomplete")
        numbers, errors = read
        if errors:
            return Verdict.unless(errors)
        values = {tuple(call): number for call, number in zip(calls, numbers)}

        def norms(cell: str, seed: int) -> dict[int, float]:
            return {T: values[(cell, T, None, seed)] for T in lengths}

        sizes, contrast = [], []
        for seed in THROUGH_TIME_SEEDS:
            rnn, lstm = norms("rnn", seed), norms("lstm", seed)
            if not (0.3 < rnn[1] < 30 and 0.3 < lstm[1] < 30):
                sizes.append(f"seed {seed}: the norms at T=1 have the wrong size")
            if not (rnn[1] > rnn[10] > rnn[30] >= rnn[50] >= 0):
                sizes.append(f"seed {seed}: the RNN's norm does not decay with T")
            if not (lstm[1] > lstm[30] >= 0 and lstm[1] > lstm[50] >= 0):
                sizes.append(f"seed {seed}: the LSTM's norm does not decay with T")
            if not (rnn[50] < 3e-8 < lstm[50] and lstm[50] > 1e3 * rnn[50] and lstm[30] > 10 * rnn[30]):
                contrast.append(f"seed {seed}: the RNN and the LSTM are not orders of magnitude apart at T=30 and 50")
        for cell in ("rnn", "lstm"):
            if not values[(cell, 1, 128, 5)] > 1.5 * values[(cell, 1, 8, 5)]:
                sizes.append(f"{cell}: the norm does not grow with the hidden size (is `hidden` used?)")
            if values[(cell, 10, None, 5)] == values[(cell, 10, None, 6)]:
                sizes.append(f"{cell}: seeds 5 and 6 give the same norm (is `seed` used?)")
        parts = [("sizes and decay", sizes), ("the contrast between RNN and LSTM", contrast)]
        score = sum(not problems for _, problems in parts) / len(parts)
        message = "; ".join(f"{what}: " + "; ".join(problems[:3]) for what, problems in parts if problems)
        return Verdict(score, message or "the norms decay, and the LSTM keeps orders of magnitude more")

    return Probe(probe_through_time, {"calls": calls}, decide)


# ---------------------------------------------------------------------------------------------------------------
# residual_choice


def probe_residual_choice(learner, inputs):
    """The learner's RESIDUAL_TRUE, as data."""
    return learner.RESIDUAL_TRUE


LETTERS = "abcdefg"
RESIDUAL_KEY = frozenset({"a", "d", "f"})
RESIDUAL_WHY = {
    "a": "a residual block's Jacobian is I + df/dx, and its identity term passes the gradient back to earlier "
    "blocks without multiplying it by f's small derivatives",
    "b": "the skip connection leaves f and its Jacobian df/dx exactly as they are; it adds a separate identity "
    "path around f",
    "c": "x + f(x) with a nonlinear f is still nonlinear, and deep linear networks can vanish too, since a product "
    "of matrices with small singular values shrinks",
    "d": "(I + J_n)...(I + J_1) expands into a sum over paths, and the path through the identities alone contributes "
    "I, whose size does not depend on depth",
    "e": "that describes batch normalisation; a skip connection only adds the block's input to its output and "
    "normalises nothing",
    "f": "with f's weights near zero each block's Jacobian is close to I, so stacking more blocks multiplies the "
    "gradient by factors near 1 instead of shrinking it",
    "g": "the factors I + df/dx can be larger than 1, so with large weights the gradient can still explode, which "
    "is why initialisation and normalisation still matter",
}


@judge("test_residual_choice")
def residual_choice_form(ctx: Context) -> Probe:
    def decide(answer: object) -> Verdict:
        if not isinstance(answer, frozenset):
            return Verdict.failed(f"RESIDUAL_TRUE must be a set of letters, not {kind(answer)}")
        unknown = sorted(repr(s) for s in answer if not (isinstance(s, str) and s in LETTERS))
        if unknown:
            return Verdict.failed(f"not letters of the statements (lower case a to g): {', '.join(unknown)}")
        return Verdict.passed("RESIDUAL_TRUE is well formed")

    return Probe(probe_residual_choice, {}, decide)


@judge("test_residual_choice_hidden")
def residual_choice(ctx: Context) -> Probe:
    def decide(answer: object) -> Verdict:
        is_set = isinstance(answer, frozenset)
        chosen = answer if is_set else frozenset()
        items = []
        for letter in LETTERS:
            true, marked = letter in RESIDUAL_KEY, letter in chosen
            ok = is_set and marked == true
            verdict = "true" if true else "false"
            yours = "" if ok or not is_set else (" (you marked it true)" if marked else " (you left it out)")
            items.append(Item(letter, ok, f"{letter} is {verdict}: {RESIDUAL_WHY[letter]}{yours}"))
        if not is_set:
            return Verdict(0.0, f"RESIDUAL_TRUE must be a set of letters, not {kind(answer)}", tuple(items))
        unknown = sorted(repr(s) for s in answer if not (isinstance(s, str) and s in LETTERS))
        right = sum(item.ok for item in items)
        if unknown:
            message = f"not letters of the statements (lower case a to g): {', '.join(unknown)}; all or nothing"
        elif right == len(items):
            message = "all seven statements judged right"
        else:
            message = f"{right} of {len(items)} statements judged right; the question is all or nothing"
        full = not unknown and frozenset(chosen) == RESIDUAL_KEY
        return Verdict(1.0 if full else 0.0, message, tuple(items))

    return Probe(probe_residual_choice, {}, decide)
