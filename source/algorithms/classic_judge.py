"""Judges of classic.ipynb: logistic regression by gradient descent, k-means (Lloyd), k-nearest neighbours, the
best Gini split of a decision tree, and the output shape and parameter count of nn.Conv2d.

The probes call the learner's functions on the judges' inputs and report what came back (values, the type of each
part, exceptions); the references (written here from the definitions, exact fractions for the Gini impurity, and
nn.Conv2d itself for the convolution), tolerances and points live here, outside the kernel.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import torch

from mlexam.course.judging import Context, Judges, Malformed, Probe, Verdict, kind, number
from mlexam.learner.classic import make_blobs

judge = Judges()

# ------------------------------------------------------------------------------------------------ probe (kernel)


def probe_calls(learner, inputs):
    """Call the learner's function `inputs["name"]` on each case; report what it returned (the value, its
    container's type, the type of each part) or what it raised (and whether that was a ValueError). Lists among the
    arguments marked `pairs` are passed as tuples (JSON has no tuples)."""
    import warnings

    function = getattr(learner, inputs["name"])

    def type_name(value):
        kind = type(value)
        return f"{getattr(kind, '__module__', '')}.{getattr(kind, '__qualname__', kind.__name__)}"

    def as_pair(value):
        return tuple(value) if isinstance(value, list) else value

    results = []
    for case in inputs["cases"]:
        pairs = set(case.get("pairs", []))
        args = [as_pair(a) if i in pairs else a for i, a in enumerate(case["args"])]
        kwargs = {k: (as_pair(v) if k in pairs else v) for k, v in case.get("kwargs", {}).items()}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = function(*args, **kwargs)
        except Exception as exc:
            results.append({"raised": f"{type(exc).__name__}: {exc}"[:300], "value_error": isinstance(exc, ValueError)})
            continue
        got = {"value": value, "type": type_name(value), "is_tuple": isinstance(value, tuple)}
        if isinstance(value, (tuple, list)):
            got["parts"] = [type_name(v) for v in value]
        results.append(got)
    return results


# --------------------------------------------------------------------------------------------- helpers (trusted)

NDARRAY = "numpy.ndarray"


def _results(data: object, n: int) -> list[dict]:
    if not isinstance(data, list) or len(data) != n or not all(isinstance(d, dict) for d in data):
        raise Malformed("not one result per case")
    return data


def _parts(got: dict, n: int, what: str) -> tuple[list[Any], list[str]] | str:
    """The n parts of a returned tuple and their type names, or what is wrong with the container."""
    if "raised" in got:
        return f"raised {got['raised']}"
    value, parts = got.get("value"), got.get("parts")
    if got.get("is_tuple") is not True or not isinstance(value, list) or not isinstance(parts, list):
        return f"return a tuple {what}, not a {got.get('type')}"
    if len(value) != n or len(parts) != n or not all(isinstance(p, str) for p in parts):
        return f"return a tuple {what} of {n} items, not {len(value)}"
    return value, parts


def _integer(value: object) -> bool:
    return type(value) is int


def _real(value: object) -> float | None:
    """A real number: int or float (NumPy scalars arrive as such), or a 0-dim real array."""
    if isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "iuf":
        return float(value)
    return number(value)


def _array_diff(got: object, want: np.ndarray, atol: float, rtol: float, what: str) -> str | None:
    """Whether `got` is a real array of want's shape, close to it; else what is wrong."""
    if not isinstance(got, np.ndarray):
        return f"{what}: expected an array of shape {want.shape}, got {kind(got)}"
    if got.shape != want.shape:
        return f"{what} has shape {got.shape}, expected {want.shape}"
    if got.dtype.kind not in "biuf":
        return f"{what} has dtype {got.dtype}, not a number type"
    g = got.astype(np.float64)
    if not np.isfinite(g).all():
        return f"{what} is not finite (nan or inf) at index {tuple(int(i) for i in np.argwhere(~np.isfinite(g))[0])}"
    err = np.abs(g - want)
    bad = err > atol + rtol * np.abs(want)
    if bad.any():
        at = tuple(int(i) for i in np.argwhere(bad)[0])
        return f"{what} differs from the expected value at index {at} by {err[at]:.3g}"
    return None


def _first_problems(parts: dict[str, list[tuple[str, str | None]]]) -> tuple[float, str, list[str]]:
    """Score a judge's parts (each a list of (case name, problem or None)): one equal share per part whose cases
    are all right; the message names the first problem of each failed part."""
    passed, problems = 0, []
    for part, checked in parts.items():
        wrong = [f"{part}: {name}: {p}" for name, p in checked if p]
        problems += wrong[:1]
        passed += not wrong
    return passed / len(parts), "; ".join(problems), problems


# ------------------------------------------------------------------------------------------------------- logreg


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # exact to rounding, and never overflows


def reference_logistic(X: np.ndarray, y: np.ndarray, lr: float, steps: int, l2: float) -> tuple[np.ndarray, float]:
    """Full-batch gradient descent from zeros on the mean binary cross-entropy plus l2 / 2 * ||w||^2."""
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    for _ in range(steps):
        err = _sigmoid(X @ w + b) - y
        w, b = w - lr * (X.T @ err / n + l2 * w), b - lr * float(err.mean())
    return w, b


def _logreg_case(X: np.ndarray, y: np.ndarray, lr: float, steps: int, l2: float, name: str) -> dict:
    return {"args": [X, y], "kwargs": {"lr": lr, "steps": steps, "l2": l2}, "name": name}


def _logreg_problem(got: dict, case: dict) -> str | None:
    found = _parts(got, 2, "(w, b)")
    if isinstance(found, str):
        return found
    (w, b), (w_type, _) = found
    X, y = case["args"]
    want_w, want_b = reference_logistic(X, y, **case["kwargs"])
    if w_type != NDARRAY:
        return f"w should be a NumPy array (np.ndarray), got {w_type}"
    problem = _array_diff(w, want_w, 1e-6, 1e-6, "w")
    if problem:
        return problem
    value = _real(b)
    if value is None:
        return f"b should be a float, got {kind(b)}"
    if not np.isfinite(value):
        return "b is not finite (nan or inf)"
    if abs(value - want_b) > 1e-6 + 1e-6 * abs(want_b):
        return f"b differs from the expected value by {abs(value - want_b):.3g}"
    return None


def _logreg_data(seed: int, n_per_class: int) -> tuple[np.ndarray, np.ndarray]:
    return make_blobs(n_per_class, [(-1.0, 0.0), (1.0, 0.5)], std=1.0, seed=seed)


VISIBLE_LOGREG = [(1, 0.0), (100, 0.0), (100, 0.5)]


@judge("test_logreg")
def logreg_visible(ctx: Context) -> Probe:
    # the visible test's data and calls: make_blobs(20, [(-1, 0), (1, 0.5)], seed=3), lr=0.2
    X, y = _logreg_data(3, 20)
    cases = [_logreg_case(X, y, 0.2, steps, l2, f"steps={steps}, l2={l2}") for steps, l2 in VISIBLE_LOGREG]

    def decide(data: object) -> Verdict:
        problems = [
            f"after {c['name']}: {p}"
            for got, c in zip(_results(data, len(cases)), cases)
            if (p := _logreg_problem(got, c))
        ]
        return Verdict.unless(problems[:1], "fit_logistic takes the expected gradient steps")

    return Probe(probe_calls, {"name": "fit_logistic", "cases": cases}, decide)


@judge("test_logreg_hidden")
def logreg_hidden(ctx: Context) -> Probe:
    rng = ctx.rng

    def random_data(n: int, d: int, scale: float = 1.0, int_labels: bool = False) -> tuple[np.ndarray, np.ndarray]:
        X = rng.standard_normal((n, d)) * scale + rng.uniform(-1, 1, d)
        y = (X @ rng.standard_normal(d) + rng.standard_normal(n) * scale > 0).astype(np.int64)
        return X, (y if int_labels else y.astype(np.float64))

    def separated(n: int, d: int, distance: float) -> tuple[np.ndarray, np.ndarray]:
        # two tight, far-apart groups: after one step |X w + b| is in the thousands, where exp overflows
        direction = rng.standard_normal(d)
        direction /= np.linalg.norm(direction)
        y = (rng.random(n) < 0.4).astype(np.float64)
        X = np.outer(np.where(y == 1, distance, -distance), direction) + rng.standard_normal((n, d)) * 3.0
        return X, y

    parts: dict[str, list[dict]] = {"without l2": [], "with l2 (the bias not penalised)": [], "large |X w|": []}
    for steps in (1, 7, 60, 500):
        X, y = random_data(int(rng.integers(30, 120)), int(rng.integers(1, 5)), int_labels=steps == 7)
        lr = float(rng.uniform(0.05, 0.5))
        parts["without l2"].append(_logreg_case(X, y, lr, steps, 0.0, f"n={len(X)}, d={X.shape[1]}, steps={steps}"))
    for steps, l2 in ((3, 0.5), (80, 0.05), (400, 1.0)):
        X, y = random_data(int(rng.integers(30, 120)), int(rng.integers(2, 5)))
        X = X + 2.0  # off-centre inputs, so that the bias matters
        lr = float(rng.uniform(0.05, 0.3))
        name = f"n={len(X)}, d={X.shape[1]}, steps={steps}, l2={l2}"
        parts["with l2 (the bias not penalised)"].append(_logreg_case(X, y, lr, steps, l2, name))
    for steps in (5, 60):
        X, y = separated(int(rng.integers(40, 80)), int(rng.integers(2, 4)), float(rng.uniform(250, 400)))
        name = f"max |x| = {np.abs(X).max():.0f}, steps={steps}"
        parts["large |X w|"].append(_logreg_case(X, y, 0.1, steps, 0.0, name))
    cases = [c for part in parts.values() for c in part]

    def decide(data: object) -> Verdict:
        results = iter(_results(data, len(cases)))
        checked = {
            part: [(c["name"], _logreg_problem(next(results), c)) for c in group] for part, group in parts.items()
        }
        fraction, message, _ = _first_problems(checked)
        return Verdict(fraction, message or "fit_logistic matches gradient descent in every case")

    return Probe(probe_calls, {"name": "fit_logistic", "cases": cases}, decide)


# ------------------------------------------------------------------------------------------------------- kmeans


def reference_kmeans(X: np.ndarray, k: int, init_idx: Any, iters: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """Lloyd's algorithm: ties to the lowest centre, empty clusters keep their centre, the labels of the last
    assignment step."""
    X = np.asarray(X, dtype=np.float64)
    centres = X[np.asarray(init_idx)].copy()
    labels = None
    for _ in range(iters):
        new = ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for j in range(k):
            if (labels == j).any():
                centres[j] = X[labels == j].mean(axis=0)
    return centres, labels


def _kmeans_case(X: np.ndarray, k: int, init: list[int], iters: int | None, name: str, as_list: bool = False) -> dict:
    kwargs = {} if iters is None else {"iters": iters}
    return {"args": [X, k, list(init) if as_list else np.array(init, dtype=np.int64)], "kwargs": kwargs, "name": name}


def _kmeans_problem(got: dict, case: dict) -> str | None:
    found = _parts(got, 2, "(centres, labels)")
    if isinstance(found, str):
        return found
    (centres, labels), (c_type, l_type) = found
    want_c, want_l = reference_kmeans(*case["args"], **case["kwargs"])
    for what, type_name in (("centres", c_type), ("labels", l_type)):
        if type_name != NDARRAY:
            return f"{what} should be a NumPy array (np.ndarray), got {type_name}"
    if labels.shape != want_l.shape:
        return f"labels has shape {labels.shape}, expected {want_l.shape}"
    if labels.dtype.kind not in "iu":
        return f"labels should be integers, got dtype {labels.dtype}"
    wrong = np.flatnonzero(labels != want_l)
    if wrong.size:
        return f"labels differ from the expected ones at {wrong.size} points (the first at index {int(wrong[0])})"
    return _array_diff(centres, want_c, 1e-9, 1e-9, "centres")


VISIBLE_KMEANS_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [9.0, 9.0], [9.0, 10.0], [10.0, 9.0]]
VISIBLE_KMEANS = [([0, 1], None), ([0, 1], 1), ([0, 3, 3], 1)]


@judge("test_kmeans")
def kmeans_visible(ctx: Context) -> Probe:
    X = np.array(VISIBLE_KMEANS_X)
    cases = [
        _kmeans_case(X, len(init), init, iters, f"init_idx={init}, iters={iters or 100}", True)
        for init, iters in VISIBLE_KMEANS
    ]

    def decide(data: object) -> Verdict:
        problems = [
            f"{c['name']}: {p}" for got, c in zip(_results(data, len(cases)), cases) if (p := _kmeans_problem(got, c))
        ]
        return Verdict.unless(problems[:1], "kmeans passes the visible cases")

    return Probe(probe_calls, {"name": "kmeans", "cases": cases}, decide)


@judge("test_kmeans_hidden")
def kmeans_hidden(ctx: Context) -> Probe:
    rng = ctx.rng

    def blobs(k: int, n_per: int, d: int, shuffle: bool = True) -> np.ndarray:
        centres = rng.uniform(-8, 8, (k, d))
        X = np.concatenate([c + rng.standard_normal((n_per, d)) * rng.uniform(0.8, 2.0) for c in centres])
        return X[rng.permutation(len(X))] if shuffle else X

    converged, rounds, ties = [], [], []
    for k, n_per, d in ((3, 40, 2), (4, 30, 3), (2, 60, 1), (5, 25, 2)):
        X = blobs(k, n_per, d)
        init = [int(i) for i in rng.choice(len(X), k, replace=False)]
        converged.append(_kmeans_case(X, k, init, None, f"n={len(X)}, d={d}, k={k}, iters=100"))
    for iters in (1, 2, 3):
        X = blobs(3, 40, 2, shuffle=False)
        init = [int(i) for i in rng.choice(40, 3, replace=False)]  # all in the first blob: a slow start
        rounds.append(_kmeans_case(X, 3, init, iters, f"n={len(X)}, k=3, iters={iters}"))
    # exact ties on an integer grid, duplicated starting centres (a cluster left empty), a far-away start
    grid = np.array([[x, y] for x in range(4) for y in range(3)], dtype=np.float64)
    ties.append(_kmeans_case(grid, 2, [0, 6], 1, "a 4 x 3 grid, centres start at (0, 0) and (2, 0), iters=1"))
    ties.append(_kmeans_case(grid, 2, [1, 7], None, "a 4 x 3 grid, centres start at (0, 1) and (2, 1)", True))
    X = blobs(2, 30, 2)
    X = np.concatenate([X, X[:1]])  # the last point duplicates the first
    ties.append(_kmeans_case(X, 3, [0, len(X) - 1, 30], 1, "two starting centres at the same point, iters=1"))
    ties.append(_kmeans_case(X, 3, [len(X) - 1, 0, 30], None, "two starting centres at the same point"))
    line = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [10.0], [10.0]])
    ties.append(_kmeans_case(line, 3, [5, 6, 0], None, "points on a line, two centres start at 10"))
    parts = {"converged runs": converged, "a fixed number of rounds": rounds, "ties and empty clusters": ties}
    cases = [c for part in parts.values() for c in part]

    def decide(data: object) -> Verdict:
        results = iter(_results(data, len(cases)))
        checked = {
            part: [(c["name"], _kmeans_problem(next(results), c)) for c in group] for part, group in parts.items()
        }
        fraction, message, _ = _first_problems(checked)
        return Verdict(fraction, message or "kmeans matches Lloyd's algorithm in every case")

    return Probe(probe_calls, {"name": "kmeans", "cases": cases}, decide)


# ---------------------------------------------------------------------------------------------------------- knn


def reference_knn(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, k: int) -> np.ndarray:
    """The majority label of the k nearest training points (distance ties: lower index; vote ties: smaller label)."""
    X_train, X_test, y_train = (np.asarray(a) for a in (X_train, X_test, y_train))
    d2 = ((X_test[:, None, :].astype(np.float64) - X_train[None, :, :]) ** 2).sum(axis=2)
    nearest = np.argsort(d2, axis=1, kind="stable")[:, :k]
    out = []
    for idx in nearest:
        labels, counts = np.unique(y_train[idx], return_counts=True)
        out.append(labels[np.argmax(counts)])
    return np.array(out)


def _knn_case(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, k: int, name: str) -> dict:
    return {"args": [X_train, y_train, X_test, k], "name": name}


def _knn_problem(got: dict, case: dict) -> str | None:
    if "raised" in got:
        return f"raised {got['raised']}"
    value = got.get("value")
    if got.get("type") != NDARRAY:
        return f"return a NumPy array (np.ndarray), not {got.get('type')}"
    want = reference_knn(*case["args"])
    if not isinstance(value, np.ndarray) or value.shape != want.shape:
        return f"the predictions should have shape {want.shape}, got {kind(value)}"
    if value.dtype.kind not in "biuf":
        return f"the predictions have dtype {value.dtype}, not a number type"
    wrong = np.flatnonzero(value != want)
    if wrong.size:
        first = int(wrong[0])
        return (
            f"{wrong.size} of {want.size} predictions differ from the expected ones (the first at test point {first})"
        )
    return None


VISIBLE_KNN_TRAIN = ([[0.0], [2.0], [3.0], [5.0], [6.0]], [1, 0, 1, 0, 0])
VISIBLE_KNN = [([[1.0], [5.4], [4.2]], 1), ([[2.6], [3.9]], 2), ([[0.2], [4.4], [2.6]], 3)]


@judge("test_knn")
def knn_visible(ctx: Context) -> Probe:
    X_train, y_train = np.array(VISIBLE_KNN_TRAIN[0]), np.array(VISIBLE_KNN_TRAIN[1], dtype=np.int64)
    cases = [_knn_case(X_train, y_train, np.array(X_test), k, f"k={k}") for X_test, k in VISIBLE_KNN]

    def decide(data: object) -> Verdict:
        problems = [
            f"{c['name']}: {p}" for got, c in zip(_results(data, len(cases)), cases) if (p := _knn_problem(got, c))
        ]
        return Verdict.unless(problems[:1], "knn_predict passes the visible cases")

    return Probe(probe_calls, {"name": "knn_predict", "cases": cases}, decide)


@judge("test_knn_hidden")
def knn_hidden(ctx: Context) -> Probe:
    rng = ctx.rng
    label_sets = ([0, 1], [0, 1, 2], [3, 7, 11], [2, 5])
    majority, distance_ties, vote_ties = [], [], []
    for k, labels, d in ((1, label_sets[0], 2), (5, label_sets[1], 2), (7, label_sets[2], 3), (3, label_sets[3], 4)):
        centres = rng.uniform(-3, 3, (len(labels), d))
        y = rng.choice(labels, 80)
        X = centres[np.searchsorted(labels, y)] + rng.standard_normal((80, d)) * 1.5
        X_test = rng.uniform(-5, 5, (40, d))
        majority.append(_knn_case(X, y.astype(np.int64), X_test, k, f"{len(labels)} classes, d={d}, k={k}"))
    for k in (1, 2, 3, 4):
        # an integer grid with repeated points: many training points at exactly the same distance
        X = rng.integers(0, 5, (40, 2)).astype(np.float64)
        y = rng.choice([0, 1, 2], 40).astype(np.int64)
        X_test = rng.integers(0, 5, (30, 2)) + rng.choice([0.0, 0.5], (30, 2))
        distance_ties.append(_knn_case(X, y, X_test, k, f"points on an integer grid, k={k}"))
    for k, labels in ((2, [0, 1]), (4, [0, 1]), (6, [1, 4, 9])):
        X = rng.permutation(np.arange(30, dtype=np.float64))[:, None]
        y = rng.choice(labels, 30).astype(np.int64)
        X_test = np.arange(0.25, 30, 1.0)[:, None]  # no distance ties: only vote ties
        vote_ties.append(_knn_case(X, y, X_test, k, f"points on a line, labels {labels}, k={k}"))
    parts = {"majority vote": majority, "distance ties": distance_ties, "vote ties": vote_ties}
    cases = [c for part in parts.values() for c in part]

    def decide(data: object) -> Verdict:
        results = iter(_results(data, len(cases)))
        checked = {part: [(c["name"], _knn_problem(next(results), c)) for c in group] for part, group in parts.items()}
        fraction, message, _ = _first_problems(checked)
        return Verdict(fraction, message or "knn_predict matches k-NN in every case")

    return Probe(probe_calls, {"name": "knn_predict", "cases": cases}, decide)


# --------------------------------------------------------------------------------------------------- tree_split


def _gini_exact(counts: list[int], n: int) -> Fraction:
    return Fraction(1) - sum((Fraction(c, n) ** 2 for c in counts), Fraction(0)) if n else Fraction(0)


def reference_split(X: np.ndarray, y: np.ndarray) -> tuple[int, float, Fraction] | None:
    """The best split by exact size-weighted Gini impurity (ties: lowest feature, then lowest threshold); None
    when no feature has two distinct values."""
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y)
    n = len(y)
    classes = list(np.unique(y))
    best = None
    for f in range(X.shape[1]):
        values = np.unique(X[:, f])
        for t in (values[:-1] + values[1:]) / 2:
            left = X[:, f] <= t
            nl = int(left.sum())
            cl = [int(np.sum(y[left] == c)) for c in classes]
            cr = [int(np.sum(y[~left] == c)) for c in classes]
            impurity = (nl * _gini_exact(cl, nl) + (n - nl) * _gini_exact(cr, n - nl)) / n
            if best is None or impurity < best[2]:
                best = (f, float(t), impurity)
    return best


def _split_case(X: np.ndarray, y: np.ndarray, name: str) -> dict:
    return {"args": [X, y], "name": name}


def _split_problem(got: dict, case: dict) -> str | None:
    want = reference_split(*case["args"])
    if want is None:
        if "raised" not in got:
            return "no feature has two distinct values: it should raise ValueError, but it returned"
        return None if got.get("value_error") is True else f"should raise ValueError, but raised {got['raised']}"
    found = _parts(got, 3, "(feature, threshold, impurity)")
    if isinstance(found, str):
        return found
    feature, threshold, impurity = found[0]
    if not _integer(feature):
        return f"the feature should be an int, got {kind(feature)}"
    t, g = _real(threshold), _real(impurity)
    if t is None or g is None:
        return f"threshold and impurity should be floats, got {kind(threshold)} and {kind(impurity)}"
    f_ref, t_ref, g_ref = want
    if abs(g - float(g_ref)) > 1e-9:
        return f"the impurity {g:.6g} is not the smallest size-weighted Gini impurity of any candidate split"
    if feature != f_ref:
        return f"feature {feature} is not the expected one (ties go to the lowest feature)"
    if not abs(t - t_ref) <= 1e-9 * (1 + abs(t_ref)):
        return f"threshold {t:.6g} on feature {feature} is not the expected one"
    return None


VISIBLE_SPLIT = [
    ([[1, 4], [2, 3], [3, 2], [4, 1], [5, 4], [6, 1]], [0, 0, 1, 0, 1, 1]),
    ([[0.5, 3.0], [1.5, 1.0], [1.5, 2.0], [2.5, 2.0], [4.0, 1.0], [4.0, 3.0], [5.0, 2.0]], [2, 0, 2, 1, 1, 0, 1]),
    ([[1, 2], [1, 2], [1, 2]], [0, 1, 0]),
]


@judge("test_tree_split")
def split_visible(ctx: Context) -> Probe:
    cases = [
        _split_case(np.array(X, dtype=np.float64), np.array(y, dtype=np.int64), f"visible case {i + 1}")
        for i, (X, y) in enumerate(VISIBLE_SPLIT)
    ]

    def decide(data: object) -> Verdict:
        problems = [
            f"{c['name']}: {p}" for got, c in zip(_results(data, len(cases)), cases) if (p := _split_problem(got, c))
        ]
        return Verdict.unless(problems[:1], "best_split passes the visible cases")

    return Probe(probe_calls, {"name": "best_split", "cases": cases}, decide)


@judge("test_tree_split_hidden")
def split_hidden(ctx: Context) -> Probe:
    rng = ctx.rng
    random_cases, tie_cases, edge_cases = [], [], []
    for n, d, classes in ((30, 2, 2), (45, 3, 3), (20, 4, 2), (60, 2, 4)):
        X = rng.standard_normal((n, d)).round(2)
        X[:, 0] = rng.integers(0, 6, n)  # repeated values: midpoints between distinct values only
        y = rng.integers(0, classes, n)
        y[X[:, 1] > 0.3] = classes - 1  # one informative feature
        random_cases.append(_split_case(X, y.astype(np.int64), f"n={n}, d={d}, {classes} classes"))
    X = rng.integers(0, 8, (24, 1)).astype(np.float64)
    y = rng.integers(0, 2, 24).astype(np.int64)
    tie_cases.append(_split_case(np.hstack([X, X, -X]), y, "three features with the same splits"))
    line = np.arange(8, dtype=np.float64)[:, None]
    tie_cases.append(_split_case(line, np.array([0, 1, 1, 0, 0, 1, 1, 0]), "one feature, two best thresholds"))
    tie_cases.append(_split_case(line * 2.5, np.array([1, 1, 0, 0, 1, 1, 0, 0]), "one feature, equal best thresholds"))
    tie_cases.append(
        _split_case(np.hstack([line, line[::-1]]), np.array([0, 0, 0, 1, 1, 1, 1, 1]), "mirrored features")
    )
    xor = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]] * 3)
    tie_cases.append(_split_case(xor, np.array([0, 1, 1, 0] * 3), "XOR: no split helps"))
    constant = np.full((10, 3), 2.0)
    edge_cases.append(_split_case(constant, np.array([0, 1] * 5), "every feature constant"))
    mixed = np.hstack([np.full((12, 1), 7.0), rng.integers(0, 3, (12, 1)).astype(np.float64), np.zeros((12, 1))])
    edge_cases.append(_split_case(mixed, np.array([0, 1] * 6), "only the middle feature varies"))
    neg = rng.uniform(-1e3, -1e2, (15, 2)).round(1)
    edge_cases.append(_split_case(neg, (neg[:, 0] > -500).astype(np.int64), "negative feature values"))
    parts = {
        "random data": random_cases,
        "ties (lowest feature, then lowest threshold)": tie_cases,
        "constant features and other edge cases": edge_cases,
    }
    cases = [c for part in parts.values() for c in part]

    def decide(data: object) -> Verdict:
        results = iter(_results(data, len(cases)))
        checked = {
            part: [(c["name"], _split_problem(next(results), c)) for c in group] for part, group in parts.items()
        }
        fraction, message, _ = _first_problems(checked)
        return Verdict(fraction, message or "best_split finds the best Gini split in every case")

    return Probe(probe_calls, {"name": "best_split", "cases": cases}, decide)


# -------------------------------------------------------------------------------------------------- conv_shapes


def _pair(value: int | list[int]) -> tuple[int, int]:
    return (value, value) if isinstance(value, int) else (int(value[0]), int(value[1]))


def reference_conv(h: int, w: int, in_channels: int, out_channels: int, spec: dict) -> tuple[tuple[int, int], int]:
    """nn.Conv2d's output (height, width) on an (h, w) input, and its number of parameters (meta tensors: shapes
    without data)."""
    args = {k: (tuple(v) if isinstance(v, list) else v) for k, v in spec.items()}
    with torch.random.fork_rng(devices=[]):
        conv = torch.nn.Conv2d(in_channels, out_channels, device="meta", **args)
    out = conv(torch.empty(1, in_channels, h, w, device="meta"))
    return (int(out.shape[2]), int(out.shape[3])), sum(p.numel() for p in conv.parameters())


def _shape_call(h: int, w: int, spec: dict) -> dict:
    kwargs = {k: v for k, v in spec.items() if k in ("stride", "padding", "dilation")}
    return {"args": [h, w, spec["kernel_size"]], "kwargs": kwargs, "pairs": [2, "stride", "padding", "dilation"]}


def _count_call(cin: int, cout: int, spec: dict) -> dict:
    kwargs = {k: v for k, v in spec.items() if k in ("bias", "groups")}
    return {"args": [cin, cout, spec["kernel_size"]], "kwargs": kwargs, "pairs": [2]}


def _describe(spec: dict) -> str:
    return ", ".join(
        f"{'kernel' if k == 'kernel_size' else k}={tuple(v) if isinstance(v, list) else v}" for k, v in spec.items()
    )


def _shape_problem(got: dict, want: tuple[int, int]) -> str | None:
    found = _parts(got, 2, "(height, width)")
    if isinstance(found, str):
        return found
    value = found[0]
    if not all(_integer(v) for v in value):
        return f"the sizes should be ints, got {', '.join(kind(v) for v in value)}"
    if tuple(value) != want:
        return f"returned {tuple(value)}, not nn.Conv2d's output size"
    return None


def _count_problem(got: dict, want: int) -> str | None:
    if "raised" in got:
        return f"raised {got['raised']}"
    value = got.get("value")
    if not _integer(value):
        return f"should return an int, got {kind(value)}"
    if value != want:
        return f"returned {value}, not the number of parameters of nn.Conv2d"
    return None


VISIBLE_CONV = [
    (32, 32, 3, 16, {"kernel_size": 3}),
    (32, 32, 3, 16, {"kernel_size": 3, "padding": 1, "bias": False}),
    (28, 28, 8, 8, {"kernel_size": 5, "stride": 2}),
]


def _conv_probe(ctx_cases: list[tuple[int, int, int, int, dict]]) -> tuple[list[dict], list[dict]]:
    shapes = [_shape_call(h, w, spec) for h, w, _, _, spec in ctx_cases]
    counts = [_count_call(cin, cout, spec) for _, _, cin, cout, spec in ctx_cases]
    return shapes, counts


def probe_conv(learner, inputs):
    """Both conv functions on their cases: {"shapes": [...], "counts": [...]}, as probe_calls reports them."""
    import warnings

    def type_name(value):
        kind = type(value)
        return f"{getattr(kind, '__module__', '')}.{getattr(kind, '__qualname__', kind.__name__)}"

    def as_pair(value):
        return tuple(value) if isinstance(value, list) else value

    def run(name, cases):
        function = getattr(learner, name)
        results = []
        for case in cases:
            pairs = set(case.get("pairs", []))
            args = [as_pair(a) if i in pairs else a for i, a in enumerate(case["args"])]
            kwargs = {k: (as_pair(v) if k in pairs else v) for k, v in case.get("kwargs", {}).items()}
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    value = function(*args, **kwargs)
            except Exception as exc:
                results.append({"raised": f"{type(exc).__name__}: {exc}"[:300]})
                continue
            got = {"value": value, "type": type_name(value), "is_tuple": isinstance(value, tuple)}
            if isinstance(value, (tuple, list)):
                got["parts"] = [type_name(v) for v in value]
            results.append(got)
        return results

    out = {}
    for key, name in (("shapes", "conv2d_output_shape"), ("counts", "conv2d_param_count")):
        try:
            out[key] = run(name, inputs[key])
        except Exception as exc:  # the function is not defined
            out[key] = f"{type(exc).__name__}: {exc}"[:300]
    return out


def _conv_decide_parts(
    data: object, cases: list[tuple[int, int, int, int, dict]]
) -> tuple[list[tuple[str, str | None]], list[tuple[str, str | None]]]:
    if not isinstance(data, dict):
        raise Malformed("not a dict")
    shape_checks, count_checks = [], []
    for key, checks in (("shapes", shape_checks), ("counts", count_checks)):
        found = data.get(key)
        if isinstance(found, str):
            checks.append((key, found))
            continue
        for got, (h, w, cin, cout, spec) in zip(_results(found, len(cases)), cases):
            shape, count = reference_conv(h, w, cin, cout, spec)
            if key == "shapes":
                kept = {k: v for k, v in spec.items() if k not in ("bias", "groups")}
                call = f"conv2d_output_shape({h}, {w}, {_describe(kept)})"
                checks.append((call, _shape_problem(got, shape)))
            else:
                kept = {k: v for k, v in spec.items() if k in ("kernel_size", "bias", "groups")}
                call = f"conv2d_param_count({cin}, {cout}, {_describe(kept)})"
                checks.append((call, _count_problem(got, count)))
    return shape_checks, count_checks


@judge("test_conv_shapes")
def conv_visible(ctx: Context) -> Probe:
    shapes, counts = _conv_probe(VISIBLE_CONV)

    def decide(data: object) -> Verdict:
        shape_checks, count_checks = _conv_decide_parts(data, VISIBLE_CONV)
        problems = [f"{call}: {p}" for call, p in shape_checks + count_checks if p]
        return Verdict.unless(problems[:2], "both functions agree with nn.Conv2d on the visible cases")

    return Probe(probe_conv, {"shapes": shapes, "counts": counts}, decide)


@judge("test_conv_shapes_hidden")
def conv_hidden(ctx: Context) -> Probe:
    rng = ctx.rng

    def size(lo: int, hi: int) -> int:
        return int(rng.integers(lo, hi))

    cases: list[tuple[int, int, int, int, dict]] = [
        (224, 224, 3, 64, {"kernel_size": 7, "stride": 2, "padding": 3, "bias": False}),
        (56, 56, 64, 64, {"kernel_size": 3, "padding": 1}),
        (57, 31, 16, 32, {"kernel_size": 3, "stride": 2, "padding": 1}),
        (40, 40, 8, 8, {"kernel_size": 3, "padding": 2, "dilation": 2}),
        (33, 50, 4, 6, {"kernel_size": [1, 7], "padding": [0, 3]}),
        (
            20,
            30,
            6,
            12,
            {"kernel_size": [3, 5], "stride": [2, 1], "padding": [1, 0], "dilation": [1, 2], "bias": False},
        ),
        (14, 14, 32, 32, {"kernel_size": 3, "padding": 1, "groups": 32}),
        (14, 14, 128, 256, {"kernel_size": 3, "padding": 1, "groups": 32, "bias": False}),
        (7, 7, 512, 1000, {"kernel_size": 1}),
        (9, 9, 12, 18, {"kernel_size": [2, 3], "groups": 3}),
    ]
    for _ in range(4):
        groups = int(rng.choice([1, 2, 4]))
        k = [size(1, 6), size(1, 6)]
        dilation = [size(1, 4), size(1, 4)]
        spec = {
            "kernel_size": k if rng.random() < 0.5 else k[0],
            "stride": [size(1, 4), size(1, 4)],
            "padding": [size(0, 3), size(0, 3)],
            "dilation": dilation,
            "groups": groups,
            "bias": bool(rng.random() < 0.5),
        }
        if isinstance(spec["kernel_size"], int):
            k = [k[0], k[0]]
        h = max((k[0] - 1) * dilation[0] + 1, size(8, 64))
        w = max((k[1] - 1) * dilation[1] + 1, size(8, 64))
        cases.append((h, w, groups * size(1, 9), groups * size(1, 9), spec))
    shapes, counts = _conv_probe(cases)

    def decide(data: object) -> Verdict:
        shape_checks, count_checks = _conv_decide_parts(data, cases)
        fraction, message, _ = _first_problems({"output shapes": shape_checks, "parameter counts": count_checks})
        return Verdict(fraction, message or "both functions agree with nn.Conv2d in every case")

    return Probe(probe_conv, {"shapes": shapes, "counts": counts}, decide)
