"""The kernel's half of a hidden test: run a probe, hand back plain data. It decides nothing.

At grading, the course's judges (outside the kernel, in the instructor's `source/`) add one cell after each test
cell that calls `run(source, name, payload)`: `source` defines a probe function `name(learner, inputs)` that calls
the learner's functions on the judge's inputs; its return value is converted to plain data (`plain`) and shown as
one output of type `MIME`, which the judge reads, checks and scores outside the kernel. Everything here can be
patched by learner code, and the judge treats what comes back accordingly: as untrusted data.

Plain data: None, bool, int, float (`{"__float__": "nan"}` for nan and infinities), str, lists, dicts with str keys,
`{"__set__": [...]}` for sets and
`{"__array__": {"dtype", "shape", "data"}}` (base64 of the bytes) for NumPy arrays and torch tensors. Subclasses
of the built-in types (OrderedDict, frozenset, np.float64, np.str_) become the built-in type by the base type's
own methods; an object that is none of these becomes `{"__object__": its type's name}`, which earns nothing.
"""

from __future__ import annotations

import base64
import builtins
import json
import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

MIME = "application/vnd.mlexam.probe+json"
MAX_DEPTH = 40


class Learner:
    """The learner's namespace, by attribute: `learner.mse`; a missing name raises NameError, as in a cell."""

    def __init__(self, namespace: dict[str, Any]) -> None:
        self._ns = namespace

    def __getattr__(self, name: str) -> Any:
        try:
            return self._ns[name]
        except KeyError:
            raise NameError(f"name {name!r} is not defined: run the cell that defines it") from None


def encode_array(value: Any) -> dict[str, Any]:
    """A NumPy array or torch tensor as `{"__array__": {dtype, shape, data}}` (C order, little endian)."""
    import numpy as np

    torch = sys.modules.get("torch")
    if torch is not None and isinstance(value, torch.Tensor):
        value = value.detach().cpu().resolve_conj().resolve_neg().numpy()
    array = np.asarray(value)
    array = array if array.flags.c_contiguous else array.copy(order="C")  # (ascontiguousarray makes 0-dim 1-dim)
    if array.dtype.byteorder == ">":
        array = array.astype(array.dtype.newbyteorder("<"))
    data = base64.b64encode(array.tobytes()).decode("ascii")
    return {"__array__": {"dtype": array.dtype.str, "shape": list(array.shape), "data": data}}


def decode(value: Any) -> Any:
    """The judge's inputs, from their JSON form: arrays become NumPy arrays, sets become sets."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"__array__"}:
            import numpy as np

            spec = value["__array__"]
            flat = np.frombuffer(base64.b64decode(spec["data"]), dtype=np.dtype(spec["dtype"]))
            return flat.reshape(spec["shape"]).copy()
        if set(value) == {"__set__"}:
            return set(decode(value["__set__"]))
        if set(value) == {"__float__"}:
            return float(value["__float__"])
        return {k: decode(v) for k, v in value.items()}
    return value


def plain(value: Any, depth: int = 0) -> Any:
    """`value` as plain data (see the module's docstring), converted by the built-in types' own methods."""
    if depth > MAX_DEPTH:
        return {"__object__": "nested too deeply"}
    kind = type(value)
    if value is None or kind is bool:
        return value
    if isinstance(value, int):
        return int.__index__(value)
    if isinstance(value, float):
        number = float.__float__(value)
        return number if math.isfinite(number) else {"__float__": repr(number)}  # JSON has no nan or inf
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, dict):
        items = list(dict.items(value))
        if not all(isinstance(k, str) for k, _ in items):
            return {"__object__": "a dict with keys that are not str"}
        return {str.__str__(k): plain(v, depth + 1) for k, v in items}
    if isinstance(value, (set, frozenset)):
        return {"__set__": [plain(v, depth + 1) for v in frozenset.__iter__(frozenset(value))]}
    if isinstance(value, (list, tuple)):
        items = list.__iter__(value) if isinstance(value, list) else tuple.__iter__(value)
        return [plain(v, depth + 1) for v in items]
    module = getattr(kind, "__module__", "") or ""
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.generic):  # scalars that subclass no built-in (np.int64)
        return plain(value.item(), depth + 1)
    if module.split(".")[0] in ("numpy", "torch") and hasattr(value, "shape") and hasattr(value, "dtype"):
        return encode_array(value)
    return {"__object__": f"{module}.{kind.__qualname__}"}


def describe(exc: BaseException) -> dict[str, str]:
    """An exception as data: its type's name and its message."""
    try:
        message = str(exc)
    except Exception:
        message = "(its message could not be read)"
    return {"type": type(exc).__name__, "message": message[:2000]}


@contextmanager
def record_ops() -> Iterator[set[str]]:
    """The names of the torch operations that run inside the block (aten's without "aten::", composite ones too),
    as the autograd profiler sees them (its CPU-only recorder: no module imports, no output)."""
    from torch.autograd.profiler_legacy import profile

    names: set[str] = set()
    recorder = profile()
    try:
        with recorder:
            yield names
    finally:
        for event in recorder.function_events or ():
            namespace, _, op = event.name.partition("::")
            if op.isidentifier() and namespace.isidentifier():
                names.add(op)


def run(source: str, name: str, payload: str) -> None:
    """Run probe `name` from `source` on the judge's inputs; show its result (or its error) as one `MIME` output."""
    from IPython import get_ipython
    from IPython.display import display

    shell = get_ipython()
    scope: dict[str, Any] = {"__builtins__": builtins, "__name__": "mlexam_probe"}
    try:
        exec(compile(source, f"<probe {name}>", "exec"), scope)
        result = {"ok": plain(scope[name](Learner(shell.user_ns), decode(json.loads(payload))))}
    except BaseException as exc:  # the learner's code raised: that is data for the judge too
        if isinstance(exc, KeyboardInterrupt):
            raise
        result = {"error": describe(exc)}
    display({MIME: result}, raw=True)
