"""Judges of lstm.ipynb: one LSTM step against nn.LSTMCell (without PyTorch's own LSTM), the unrolled loop against
a one-layer nn.LSTM (with a trusted cell, so that only the loop is graded), and the parameter count of nn.LSTM."""

from __future__ import annotations

import numpy as np
import torch

from mlexam.course.judging import Context, Judges, Malformed, Probe, Verdict, forbidden_references, kind

judge = Judges()

F32, F64 = "float32", "float64"
TORCH_DTYPES = {F32: torch.float32, F64: torch.float64}

# "Must not call" for lstm_cell: every public and private name of PyTorch's LSTM (functions, modules, kernels,
# decompositions), wherever the solution cell names it.
FORBIDDEN_NAMES = {
    "LSTM",
    "LSTMCell",
    "lstm",
    "lstm_cell",
    "_lstm_mps",
    "quantized_lstm",
    "quantized_lstm_cell",
    "quantized_lstm_cell_dynamic",
    "_thnn_fused_lstm_cell",
    "mkldnn_rnn_layer",
    "_cudnn_rnn",
    "miopen_rnn",
    "one_layer_lstm",
    "one_layer_lstm_data",
    "mkldnn_one_layer_lstm",
    "lstm_impl",
    "lstm_data_impl",
    "select_one_layer_lstm_function",
}
# aten kernels of PyTorch's recurrent layers whose names do not say "lstm" (nn.LSTM on CPU runs mkldnn_rnn_layer).
RNN_KERNELS = {"mkldnn_rnn_layer", "_cudnn_rnn", "miopen_rnn"}


# ----------------------------------------------------------------------------------------------- probes (kernel)


def probe_cell(learner, inputs):
    """Call lstm_cell on each case; report the pair it returned, as tensors, or what it raised. With "record", also
    report every torch function, aten operation and torch module that ran inside the calls."""
    import warnings

    import torch
    from torch.nn.modules.module import register_module_forward_pre_hook
    from torch.overrides import TorchFunctionMode

    from mlexam.testkit.probe import record_ops

    functions, modules = set(), set()

    class Functions(TorchFunctionMode):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            functions.add(str(getattr(func, "__name__", None) or repr(func))[:200])
            return func(*args, **(kwargs or {}))

    def on_forward(module, args):
        kind = type(module)
        modules.add(f"{getattr(kind, '__module__', '')}.{getattr(kind, '__qualname__', kind.__name__)}")

    def tensor(value):
        try:
            return (value if isinstance(value, torch.Tensor) else torch.as_tensor(value)).detach()
        except Exception:
            return f"not a tensor but a {type(value).__name__}"

    aten = set()
    results = []
    for case in inputs["cases"]:
        args = [torch.from_numpy(a) for a in case["args"]]
        if case["explicit_none"]:
            args += [None, None]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if inputs["record"]:
                    hook = register_module_forward_pre_hook(on_forward)
                    try:
                        with record_ops() as ops, Functions():
                            result = learner.lstm_cell(*args)
                    finally:
                        hook.remove()
                    aten |= ops
                else:
                    result = learner.lstm_cell(*args)
        except Exception as exc:
            results.append({"raised": f"{type(exc).__name__}: {exc}"})
            continue
        pair = isinstance(result, (tuple, list)) and len(result) == 2
        got = {"container": type(result).__name__, "pair": pair}
        if pair:
            got["h"], got["c"] = tensor(result[0]), tensor(result[1])
        results.append(got)
    return {"cases": results, "aten": sorted(aten), "functions": sorted(functions), "modules": sorted(modules)}


def probe_forward(learner, inputs):
    """Call lstm_forward on each case, with a trusted lstm_cell in the learner's namespace for the time of the call
    (so that a wrong cell costs nothing here); report its outputs and final state, as tensors, or what it raised."""
    import warnings

    import torch

    def trusted_cell(x, h, c, W_ih, W_hh, b_ih=None, b_hh=None):
        x, h, c = (torch.as_tensor(v) for v in (x, h, c))
        z = x @ W_ih.T + h @ W_hh.T
        if b_ih is not None:
            z = z + b_ih
        if b_hh is not None:
            z = z + b_hh
        i, f, g, o = z.chunk(4, dim=1)
        c_next = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        return torch.sigmoid(o) * torch.tanh(c_next), c_next

    def tensor(value):
        try:
            return (value if isinstance(value, torch.Tensor) else torch.as_tensor(value)).detach()
        except Exception:
            return f"not a tensor but a {type(value).__name__}"

    namespace = learner._ns
    results = []
    for case in inputs["cases"]:
        args = [torch.from_numpy(a) for a in case["args"]]
        missing = object()
        saved = namespace.get("lstm_cell", missing)
        namespace["lstm_cell"] = trusted_cell
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = learner.lstm_forward(*args)
        except Exception as exc:
            results.append({"raised": f"{type(exc).__name__}: {exc}"})
            continue
        finally:
            if saved is missing:
                namespace.pop("lstm_cell", None)
            else:
                namespace["lstm_cell"] = saved
        pair = isinstance(result, (tuple, list)) and len(result) == 2
        got = {"container": type(result).__name__, "pair": pair}
        got["outputs"] = tensor(result[0] if isinstance(result, (tuple, list)) else result)
        state = result[1] if pair else None
        got["state_container"] = type(state).__name__
        got["state_pair"] = isinstance(state, (tuple, list)) and len(state) == 2
        if got["state_pair"]:
            got["h"], got["c"] = tensor(state[0]), tensor(state[1])
        results.append(got)
    return results


def probe_count(learner, inputs):
    """Call lstm_param_count on each case; report what it returned or what it raised."""
    results = []
    for call in inputs["calls"]:
        try:
            results.append({"value": learner.lstm_param_count(*call["args"], **call["kwargs"])})
        except Exception as exc:
            results.append({"raised": f"{type(exc).__name__}: {exc}"})
    return results


# ---------------------------------------------------------------------------------------------- helpers (trusted)


def _difference(
    got: object, want: torch.Tensor, tol: float, what: str, reference: str, dtype: str | None
) -> str | None:
    """What is wrong with `got` against `want`: type, shape, dtype, or its largest difference; None when right."""
    shape = tuple(want.shape)
    if isinstance(got, str):
        return f"{what} is {got}"
    if not isinstance(got, np.ndarray):
        return f"{what}: expected a tensor of shape {shape}, got {kind(got)}"
    if dtype is not None and str(got.dtype) != dtype:
        return f"{what} is {got.dtype}, expected {dtype}"
    if got.shape != shape:
        return f"{what} has shape {tuple(got.shape)}, expected {shape}"
    if got.dtype.kind not in "biuf":
        return f"{what} has dtype {got.dtype}, not a real number type"
    err = np.abs(got.astype(np.float64) - want.double().numpy())
    if err.size == 0:
        return None
    if not np.isfinite(err).all():
        return f"{what} is not finite where {reference} is"
    worst = float(err.max())
    if worst <= tol:
        return None
    at = tuple(int(i) for i in np.unravel_index(int(err.argmax()), err.shape))
    return f"{what} differs from {reference} by {worst:.3g} (largest at {list(at)})"


def _results(data: object, n: int) -> list[dict]:
    if not isinstance(data, list) or len(data) != n or not all(isinstance(d, dict) for d in data):
        raise Malformed("not one result per case")
    return data


def _tensor(rng_gen: torch.Generator, shape: tuple[int, ...], dtype: str, scale: float = 1.0) -> np.ndarray:
    return (torch.randn(shape, generator=rng_gen, dtype=TORCH_DTYPES[dtype]) * scale).numpy()


def _torch(arrays: list[np.ndarray]) -> list[torch.Tensor]:
    return [torch.from_numpy(np.array(a)) for a in arrays]


# ------------------------------------------------------------------------------------------------------ lstm_cell


def _reference_cell(case: dict) -> tuple[torch.Tensor, torch.Tensor]:
    """nn.LSTMCell's step (its functional form), in the case's dtype."""
    x, h, c, *weights = _torch(case["args"])
    if len(weights) == 2:
        weights += [None, None]
    with torch.no_grad():
        h_next, c_next = torch.lstm_cell(x, (h, c), *weights)
    return h_next, c_next


def _cell_problem(got: dict, case: dict, tol: float, strict: bool, tuple_only: bool = False) -> str | None:
    if "raised" in got:
        return f"raised {got['raised']}"
    if got.get("pair") is not True or (tuple_only and got.get("container") != "tuple"):
        return f"return a tuple (h_next, c_next), not a {got.get('container')}"
    h_ref, c_ref = _reference_cell(case)
    dtype = case["dtype"] if strict else None
    return _difference(got.get("c"), c_ref, tol, "c_next", "nn.LSTMCell's", dtype) or _difference(
        got.get("h"), h_ref, tol, "h_next", "nn.LSTMCell's", dtype
    )


def _names(data: dict, key: str) -> list[str]:
    names = data.get(key)
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise Malformed(f"no list of {key}")
    return names


def _builtin_calls(data: dict) -> list[str]:
    """PyTorch's own LSTM, as seen running inside lstm_cell: torch functions, aten kernels, torch modules."""
    found = [f"torch function {n}" for n in _names(data, "functions") if "lstm" in n.lower()]
    found += [f"kernel {n}" for n in _names(data, "aten") if "lstm" in n.lower() or n in RNN_KERNELS]
    found += [
        f"module {n}"
        for n in _names(data, "modules")
        if n.startswith("torch.") and "lstm" in n.rsplit(".", 1)[-1].lower()
    ]
    return found


def _ban_problem(source: list[str], data: dict) -> str | None:
    """Why the cell broke the ban on PyTorch's own LSTM (which costs the whole question); None if it did not."""
    ran = _builtin_calls(data)
    if not (source or ran):
        return None
    found = "; ".join([*source, *(f"ran {r}" for r in ran)][:4])
    return f"lstm_cell must compute the step itself, not call PyTorch's own LSTM ({found})"


@judge("test_lstm_cell")
def cell_visible(ctx: Context) -> Probe:
    # the visible test's inputs, from its seed: nn.LSTMCell(3, 5) with biases in float32, then without in float64
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(1)
        ref = torch.nn.LSTMCell(input_size=3, hidden_size=5)
        x, h, c = torch.randn(4, 3), torch.randn(4, 5), torch.randn(4, 5)
        ref64 = torch.nn.LSTMCell(input_size=3, hidden_size=5, bias=False, dtype=torch.float64)
    weights = [p.detach().numpy().copy() for p in ref.parameters()]
    weights64 = [p.detach().numpy().copy() for p in ref64.parameters()]
    states = [t.numpy() for t in (x, h, c)]
    cases = [
        {"args": [*states, *weights], "explicit_none": False, "dtype": F32},
        {"args": [s.astype(np.float64) for s in states] + weights64, "explicit_none": False, "dtype": F64},
    ]

    source = forbidden_references(ctx.solution("lstm_cell"), FORBIDDEN_NAMES)

    def decide(data: object) -> Verdict:
        if not isinstance(data, dict):
            raise Malformed("not a dict")
        first, second = _results(data.get("cases"), 2)
        banned = _ban_problem(source, data)
        if banned:
            return Verdict.failed(banned)
        problem = _cell_problem(first, cases[0], 1e-5, strict=False, tuple_only=True)
        if problem:
            if problem.startswith(("c_next differs", "h_next differs")):
                problem += ": check the order of the four blocks (input, forget, cell, output) and the equations"
            return Verdict.failed(f"float32 with biases: {problem}")
        problem = _cell_problem(second, cases[1], 1e-12, strict=True)
        if problem:
            return Verdict.failed(f"float64 without biases (b_ih = b_hh = None): {problem}")
        return Verdict.passed("lstm_cell matches nn.LSTMCell: float32 with biases, float64 without")

    return Probe(probe_cell, {"cases": cases, "record": True}, decide)


@judge("test_lstm_cell_hidden")
def cell_hidden(ctx: Context) -> Probe:
    def case(batch: int, inputs: int, hidden: int, dtype: str, bias: bool, explicit_none: bool = False) -> dict:
        gen = torch.Generator().manual_seed(ctx.seed())
        shapes = [(4 * hidden, inputs), (4 * hidden, hidden)] + [(4 * hidden,)] * (2 if bias else 0)
        weights = [_tensor(gen, s, dtype, 0.6) for s in shapes]
        x = _tensor(gen, (batch, inputs), dtype, 1.5)
        h = _tensor(gen, (batch, hidden), dtype)
        c = _tensor(gen, (batch, hidden), dtype, 2.0)
        tol, strict = (1e-10, True) if dtype == F64 else (2e-5, False)
        return {
            "args": [x, h, c, *weights],
            "explicit_none": explicit_none,
            "dtype": dtype,
            "tol": tol,
            "strict": strict,
            "name": f"B={batch}, I={inputs}, H={hidden}",
        }

    parts = {
        "float32 with biases": [
            case(4, 3, 5, F32, True),
            case(1, 6, 2, F32, True),
            case(7, 1, 9, F32, True),
            case(2, 8, 8, F32, True),
        ],
        "float64": [case(3, 4, 6, F64, True), case(1, 5, 3, F64, False)],
        "without biases": [
            case(4, 3, 5, F32, False),
            case(2, 6, 4, F32, False, explicit_none=True),
            case(1, 2, 7, F64, False, explicit_none=True),
        ],
    }
    cases = [c for part in parts.values() for c in part]
    source = forbidden_references(ctx.solution("lstm_cell"), FORBIDDEN_NAMES)

    def decide(data: object) -> Verdict:
        if not isinstance(data, dict):
            raise Malformed("not a dict")
        results = iter(_results(data.get("cases"), len(cases)))
        banned = _ban_problem(source, data)
        if banned:
            return Verdict.failed(banned)
        passed, problems = 0, []
        for part, part_cases in parts.items():
            problem = None
            for c in part_cases:
                got = next(results)
                if problem is None:
                    problem = _cell_problem(got, c, c["tol"], c["strict"])
                    if problem:
                        problems.append(f"{part}: {c['name']}: {problem}")
            passed += problem is None
        message = "; ".join(problems) if problems else "lstm_cell matches nn.LSTMCell in every case"
        return Verdict(passed / len(parts), message)

    return Probe(probe_cell, {"cases": cases, "record": True}, decide)


# --------------------------------------------------------------------------------------------------- lstm_forward


def _reference_forward(case: dict) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """A one-layer nn.LSTM (its functional form) on the case: outputs, h_T, c_T."""
    xs, h0, c0, *weights = _torch(case["args"])
    with torch.no_grad():
        out, h_n, c_n = torch.lstm(xs, (h0[None], c0[None]), weights, len(weights) == 4, 1, 0.0, False, False, False)
    return out, h_n[0], c_n[0]


def _forward_problems(got: dict, case: dict, tol: float, strict: bool, tuples: bool = False) -> dict[str, str | None]:
    """What is wrong with the outputs and with the final state, separately."""
    if "raised" in got:
        problem = f"raised {got['raised']}"
        return {"outputs": problem, "state": problem}
    out, h_T, c_T = _reference_forward(case)
    dtype = case["dtype"] if strict else None
    problems: dict[str, str | None] = {
        "outputs": _difference(got.get("outputs"), out, tol, "outputs", "nn.LSTM's", dtype)
    }
    if got.get("pair") is not True or (tuples and got.get("container") != "tuple"):
        problems["state"] = f"return a pair (outputs, (h_T, c_T)), not a {got.get('container')}"
    elif got.get("state_pair") is not True or (tuples and got.get("state_container") != "tuple"):
        problems["state"] = f"the final state must be a pair (h_T, c_T), not a {got.get('state_container')}"
    else:
        problems["state"] = _difference(got.get("c"), c_T, tol, "c_T", "nn.LSTM's final cell state", dtype) or (
            _difference(got.get("h"), h_T, tol, "h_T", "nn.LSTM's final hidden state", dtype)
        )
    return problems


@judge("test_lstm_forward")
def forward_visible(ctx: Context) -> Probe:
    # the visible test's inputs, from its seed: nn.LSTM(3, 4), a sequence of 6 steps, a batch of 2
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(2)
        ref = torch.nn.LSTM(input_size=3, hidden_size=4)
        xs, h0, c0 = torch.randn(6, 2, 3), torch.randn(2, 4), torch.randn(2, 4)
    weights = [p.detach().numpy().copy() for p in ref.parameters()]
    case = {"args": [xs.numpy(), h0.numpy(), c0.numpy(), *weights], "dtype": F32}

    def decide(data: object) -> Verdict:
        (got,) = _results(data, 1)
        if "raised" in got:
            return Verdict.failed(f"lstm_forward raised {got['raised']}")
        if got.get("pair") is not True or got.get("container") != "tuple":
            return Verdict.failed(f"return a pair (outputs, (h_T, c_T)), not a {got.get('container')}")
        out, h_T, c_T = _reference_forward(case)
        outputs = got.get("outputs")
        if isinstance(outputs, np.ndarray) and outputs.shape == (6, 2, 4) and outputs.dtype.kind in "biuf":
            err = np.abs(outputs.astype(np.float64) - out.double().numpy())
            bad = [t for t in range(6) if not err[t].max() <= 1e-5]
            if bad:
                return Verdict.failed(f"outputs differ from nn.LSTM's at time steps {bad} (of 0..5)")
        else:
            return Verdict.failed(
                f"outputs should be a tensor of shape (T, B, H) = (6, 2, 4), got {_shape_or_kind(outputs)}"
            )
        if got.get("state_pair") is not True or got.get("state_container") != "tuple":
            return Verdict.failed("the second item must be the final state, a pair (h_T, c_T)")
        for name, value, want, what in [
            ("h_T", got.get("h"), h_T, "final hidden state"),
            ("c_T", got.get("c"), c_T, "final cell state: is it the cell state?"),
        ]:
            if not (isinstance(value, np.ndarray) and value.shape == (2, 4) and value.dtype.kind in "biuf"):
                return Verdict.failed(
                    f"h_T and c_T should have shape (B, H) = (2, 4), {name} is {_shape_or_kind(value)}"
                )
            w = want.double().numpy()
            if not np.all(np.abs(value.astype(np.float64) - w) <= 1e-5 + 1e-5 * np.abs(w)):
                return Verdict.failed(f"{name} differs from nn.LSTM's {what}")
        return Verdict.passed("lstm_forward matches nn.LSTM: outputs and final state")

    return Probe(probe_forward, {"cases": [{"args": case["args"]}]}, decide)


def _shape_or_kind(value: object) -> str:
    if isinstance(value, np.ndarray):
        return f"shape {tuple(value.shape)}"
    return value if isinstance(value, str) else kind(value)


@judge("test_lstm_forward_hidden")
def forward_hidden(ctx: Context) -> Probe:
    def case(steps: int, batch: int, inputs: int, hidden: int, dtype: str, bias: bool) -> dict:
        gen = torch.Generator().manual_seed(ctx.seed())
        shapes = [(4 * hidden, inputs), (4 * hidden, hidden)] + [(4 * hidden,)] * (2 if bias else 0)
        weights = [_tensor(gen, s, dtype, 0.5) for s in shapes]
        xs = _tensor(gen, (steps, batch, inputs), dtype)
        h0 = _tensor(gen, (batch, hidden), dtype, 0.5)
        c0 = _tensor(gen, (batch, hidden), dtype)
        tol, strict = (1e-10, True) if dtype == F64 else (2e-5, False)
        name = f"T={steps}, B={batch}, I={inputs}, H={hidden}"
        return {"args": [xs, h0, c0, *weights], "dtype": dtype, "tol": tol, "strict": strict, "name": name}

    float32_cases = [case(1, 1, 3, 4, F32, True), case(60, 3, 5, 7, F32, True), case(12, 1, 2, 6, F32, True)]
    mixed_cases = [case(20, 2, 4, 3, F64, False), case(8, 3, 3, 5, F64, True), case(5, 1, 6, 2, F32, False)]
    cases = float32_cases + mixed_cases

    def decide(data: object) -> Verdict:
        found = [_forward_problems(got, c, c["tol"], c["strict"]) for got, c in zip(_results(data, len(cases)), cases)]
        first, mixed = found[: len(float32_cases)], found[len(float32_cases) :]
        parts = {
            "outputs": [(c, p["outputs"]) for c, p in zip(float32_cases, first)],
            "final state (h_T, c_T)": [(c, p["state"]) for c, p in zip(float32_cases, first)],
            "float64, and without biases": [(c, p["outputs"] or p["state"]) for c, p in zip(mixed_cases, mixed)],
        }
        passed, problems = 0, []
        for part, checked in parts.items():
            wrong = [f"{part}: {c['name']}: {p}" for c, p in checked if p]
            problems += wrong[:1]
            passed += not wrong
        message = "; ".join(problems) if problems else "lstm_forward matches nn.LSTM in every case"
        return Verdict(passed / len(parts), message)

    return Probe(probe_forward, {"cases": [{"args": c["args"]} for c in cases]}, decide)


# --------------------------------------------------------------------------------------------------- lstm_params


def _nn_count(args: list[int], kwargs: dict) -> int:
    with torch.random.fork_rng(devices=[]):
        lstm = torch.nn.LSTM(*args, device="meta", **kwargs)
    return sum(p.numel() for p in lstm.parameters())


def _call(args: list[int], kwargs: dict) -> str:
    return "lstm_param_count(" + ", ".join([*map(str, args), *(f"{k}={v}" for k, v in kwargs.items())]) + ")"


def _count_problem(got: dict, args: list[int], kwargs: dict) -> str | None:
    call = _call(args, kwargs)
    if "raised" in got:
        return f"{call} raised {got['raised'].split(':', 1)[0]}"
    value = got.get("value")
    if type(value) is not int:
        return f"{call} should return an int, got {kind(value)}"
    if value != _nn_count(args, kwargs):
        return f"{call} returned {value}, not the number of parameters of the matching nn.LSTM"
    return None


@judge("test_lstm_params")
def params_visible(ctx: Context) -> Probe:
    calls = [{"args": [10, 20], "kwargs": {}}, {"args": [10, 20], "kwargs": {"bias": False}}]

    def decide(data: object) -> Verdict:
        problems = [_count_problem(got, c["args"], c["kwargs"]) for got, c in zip(_results(data, len(calls)), calls)]
        return Verdict.unless([p for p in problems if p], "one-layer counts match nn.LSTM")

    return Probe(probe_count, {"calls": calls}, decide)


@judge("test_lstm_params_hidden")
def params_hidden(ctx: Context) -> Probe:
    def call(args: tuple[int, int], **kwargs: object) -> dict:
        return {"args": list(args), "kwargs": kwargs}

    def size() -> int:
        return int(ctx.rng.integers(1, 400))

    groups = {
        "one layer": [
            call((10, 20)),
            call((1, 1)),
            call((300, 128), bias=False),
            call((7, 3), num_layers=1, bias=True, bidirectional=False),
            call((size(), size()), bias=bool(ctx.rng.integers(2))),
        ],
        "stacked": [
            call((10, 20), num_layers=2),
            call((64, 32), num_layers=3),
            call((5, 50), num_layers=3, bias=False),
            call((50, 5), num_layers=2, bidirectional=False),
            call((size(), size()), num_layers=int(ctx.rng.integers(2, 6))),
        ],
        "bidirectional": [
            call((10, 20), bidirectional=True),
            call((10, 20), num_layers=2, bidirectional=True),
            call((16, 8), num_layers=3, bias=False, bidirectional=True),
            call((8, 16), num_layers=2, bias=True, bidirectional=True),
            call((size(), size()), num_layers=int(ctx.rng.integers(2, 5)), bias=False, bidirectional=True),
        ],
    }
    calls = [c for group in groups.values() for c in group]

    def decide(data: object) -> Verdict:
        results = iter(_results(data, len(calls)))
        passed, problems = 0, []
        for group, group_calls in groups.items():
            wrong = [p for c in group_calls if (p := _count_problem(next(results), c["args"], c["kwargs"]))]
            if wrong:
                problems.append(f"{group}: " + "; ".join(wrong[:3]) + (" (and more)" if len(wrong) > 3 else ""))
            passed += not wrong
        message = "; ".join(problems) if problems else "lstm_param_count matches nn.LSTM in every case"
        return Verdict(passed / len(groups), message)

    return Probe(probe_count, {"calls": calls}, decide)
