"""Read what a probe handed back: untrusted JSON from the learner's kernel, checked before a judge uses it.

Nothing is unpickled or imported. Arrays are rebuilt by NumPy from bytes, with a known dtype and a shape that
matches their length; anything else of an unexpected form raises `Malformed`, which costs the cell its points.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

import numpy as np

MAX_BYTES = 8 * 1024 * 1024  # one probe's result, as JSON
DTYPES = {"|b1", "|i1", "|u1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8", "<f2", "<f4", "<f8", "<c8", "<c16"}


class Malformed(ValueError):
    """A probe's result that is not of the form its judge expects."""


class Foreign:
    """An answer the probe could not convert to plain data (an object that only claims to equal something)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __repr__(self) -> str:
        return f"<an object of type {self.kind}>"


def _array(spec: Any) -> np.ndarray:
    if not isinstance(spec, dict) or set(spec) != {"dtype", "shape", "data"}:
        raise Malformed("an array without dtype, shape and data")
    dtype, shape, data = spec["dtype"], spec["shape"], spec["data"]
    if dtype not in DTYPES or not isinstance(shape, list) or not all(type(n) is int and n >= 0 for n in shape):
        raise Malformed(f"an array of dtype {dtype!r} and shape {shape!r}")
    try:
        raw = base64.b64decode(data, validate=True) if isinstance(data, str) else None
    except (binascii.Error, ValueError):
        raw = None
    if raw is None or len(raw) != int(np.prod(shape, dtype=np.int64)) * np.dtype(dtype).itemsize:
        raise Malformed(f"an array whose data does not fill its shape {shape}")
    return np.frombuffer(raw, dtype=np.dtype(dtype)).reshape(shape).copy()


def load(value: Any) -> Any:
    """JSON data from a probe, with arrays, sets and foreign objects rebuilt."""
    if value is None or type(value) in (bool, int, float, str):
        return value
    if type(value) is list:
        return [load(v) for v in value]
    if type(value) is not dict:
        raise Malformed(f"a value of type {type(value).__name__}")
    if set(value) == {"__array__"}:
        return _array(value["__array__"])
    if set(value) == {"__set__"} and type(value["__set__"]) is list:
        items = [load(v) for v in value["__set__"]]
        try:
            return frozenset(items)
        except TypeError:
            raise Malformed("a set of unhashable items") from None
    if set(value) == {"__float__"} and value["__float__"] in ("nan", "inf", "-inf"):
        return float(value["__float__"])
    if set(value) == {"__object__"}:
        return Foreign(str(value["__object__"]))
    return {str(k): load(v) for k, v in value.items()}


def probe_result(outputs: list[dict[str, Any]], mime: str) -> tuple[str, Any]:
    """From a probe cell's outputs: ("ok", data), ("error", {"type", "message"}), or ("missing" | "duplicated" |
    "oversized" | "malformed", why)."""
    found = [o["data"][mime] for o in outputs if o.get("output_type") == "display_data" and mime in o.get("data", {})]
    if not found:
        return "missing", None
    if len(found) > 1:
        return "duplicated", f"{len(found)} results for one probe"
    text = found[0] if isinstance(found[0], str) else json.dumps(found[0])
    if len(text) > MAX_BYTES:
        return "oversized", f"{len(text)} bytes"
    try:
        raw = json.loads(text)  # plain dicts and lists again (nbformat hands out its own dict subclass)
    except ValueError:
        return "malformed", "not JSON"
    if type(raw) is not dict or len(raw) != 1:
        return "malformed", "not a result"
    try:
        if "ok" in raw:
            return "ok", load(raw["ok"])
        error = raw.get("error")
        if type(error) is dict and type(error.get("type")) is str and type(error.get("message")) is str:
            return "error", {"type": error["type"][:200], "message": error["message"][:2000]}
    except (Malformed, RecursionError) as exc:
        return "malformed", str(exc)
    return "malformed", "not a result"
