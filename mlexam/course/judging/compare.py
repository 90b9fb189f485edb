"""Comparisons judges make on untrusted data: each says what is wrong, in words, or None when it is right."""

from __future__ import annotations

from typing import Any

import numpy as np

from mlexam.course.judging.untrusted import Foreign


def kind(value: Any) -> str:
    """What a returned value is, for a message: "a float", "an array of shape (3,)", "an object of type X"."""
    if isinstance(value, Foreign):
        return repr(value)
    if isinstance(value, np.ndarray):
        return f"an array of shape {tuple(value.shape)} and dtype {value.dtype}"
    return f"a {type(value).__name__}"


def number(value: Any) -> float | None:
    """A real number (int or float, not bool) as a float; None for anything else."""
    if type(value) in (int, float):
        return float(value)
    return None


def array_problem(
    got: Any, want: np.ndarray, rtol: float, atol: float, what: str, dtype: str | None = None
) -> str | None:
    """Whether `got` is an array of `want`'s shape (and `dtype`, when given) equal to it within the tolerances."""
    want = np.asarray(want)
    if not isinstance(got, np.ndarray):
        return f"{what}: expected an array of shape {tuple(want.shape)}, got {kind(got)}"
    if got.shape != want.shape:
        return f"{what}: shape {tuple(got.shape)}, expected {tuple(want.shape)}"
    if dtype is not None and str(got.dtype) != dtype:
        return f"{what}: dtype {got.dtype}, expected {dtype}"
    if got.dtype.kind not in "biuf":
        return f"{what}: dtype {got.dtype} is not numeric"
    g, w = got.astype(np.float64), want.astype(np.float64)
    bad_places = ~np.isfinite(g)
    if not np.array_equal(bad_places, ~np.isfinite(w)) or not np.array_equal(
        g[bad_places], w[bad_places], equal_nan=True
    ):
        return f"{what}: not finite where the reference is (or the other way round)"
    finite = np.isfinite(w)
    bad = np.abs(g[finite] - w[finite]) > atol + rtol * np.abs(w[finite])
    if bad.any():
        at = np.argwhere(finite)[np.argmax(bad)]
        index = tuple(int(i) for i in at)
        return f"{what}: wrong at index {index}: got {g[index]:.8g}, expected {w[index]:.8g}"
    return None
