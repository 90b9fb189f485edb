"""Judges of bias_variance.ipynb: polynomial fits, the measured bias-variance decomposition, learning-curve
diagnosis and the remedies for high bias and high variance."""

from __future__ import annotations

import math
import warnings

import numpy as np

from mlexam.course.judging import (
    Context,
    Foreign,
    Item,
    Judges,
    Probe,
    Verdict,
    array_problem,
    kind,
    number,
    probe_value,
)

judge = Judges()

KEYS = ("bias2", "variance", "noise", "mse")
GRID = 100  # points of the test grid np.linspace(0, 1, 100)


# --------------------------------------------------------------------------------------------------------------
# poly: fit_polynomial and predict_polynomial
# --------------------------------------------------------------------------------------------------------------


def probe_poly(learner, inputs):
    """Call fit_polynomial and predict_polynomial on each case; report what they returned (or raised)."""
    import warnings

    import numpy as np

    def call(fn, *args):
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                value = fn(*args)
        except Exception as exc:
            return {"raised": f"{type(exc).__name__}: {exc}"}
        return {"value": value, "ndarray": isinstance(value, np.ndarray)}

    fits = [call(learner.fit_polynomial, c["x"].copy(), c["y"].copy(), c["degree"]) for c in inputs["fit"]]
    predictions = [call(learner.predict_polynomial, c["coeffs"].copy(), c["x"].copy()) for c in inputs["predict"]]
    return {"fit": fits, "predict": predictions}


def _results(data: object, key: str, n: int) -> list[dict] | None:
    """The list of `n` per-case results under `key` of a probe's data, or None when it is not of that form."""
    if not isinstance(data, dict):
        return None
    found = data.get(key)
    if not isinstance(found, list) or len(found) != n or not all(isinstance(r, dict) for r in found):
        return None
    return found


def _as_array(value: object) -> np.ndarray | None:
    """An array answer, or a flat list of real numbers taken as one (as np.asarray would); else None."""
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, list) and value and all(number(v) is not None for v in value):
        return np.array([number(v) for v in value], dtype=np.float64)
    return None


@judge("test_poly")
def poly_visible(ctx: Context) -> Probe:
    x_demo = np.array([-1.0, -0.5, 0.0, 0.5, 1.0, 1.5])
    y_cubic = 2 * x_demo**3 - x_demo + 0.5
    inputs = {
        "fit": [{"x": x_demo, "y": y_cubic, "degree": 3}],
        "predict": [{"coeffs": np.array([1.0, -2.0, 3.0]), "x": np.array([0.0, 1.0, 2.0])}],
    }

    def decide(data: object) -> Verdict:
        fits, predictions = _results(data, "fit", 1), _results(data, "predict", 1)
        if fits is None or predictions is None:
            return Verdict.failed("the test's result was incomplete")
        fit, pred = fits[0], predictions[0]
        if "raised" in fit:
            return Verdict.failed(f"fit_polynomial raised {fit['raised']}")
        c = fit.get("value")
        if not isinstance(c, np.ndarray) or fit.get("ndarray") is not True:
            return Verdict.failed(f"fit_polynomial must return a NumPy array, not {kind(c)}")
        if c.shape != (4,):
            return Verdict.failed(f"a degree-3 polynomial has 4 coefficients, got shape {c.shape}")
        problem = array_problem(c, np.array([2.0, 0.0, -1.0, 0.5]), 1e-5, 1e-8, "the exact cubic 2x^3 - x + 0.5")
        if problem:
            return Verdict.failed(problem + " (coefficients highest power first)")
        if "raised" in pred:
            return Verdict.failed(f"predict_polynomial raised {pred['raised']}")
        p = pred.get("value")
        if not isinstance(p, np.ndarray) or pred.get("ndarray") is not True or p.shape != (3,):
            return Verdict.failed(f"predict_polynomial must return an array shaped like x (3,), got {kind(p)}")
        problem = array_problem(p, np.array([3.0, 2.0, 3.0]), 0.0, 1e-12, "x^2 - 2x + 3 at x = 0, 1, 2")
        if problem:
            return Verdict.failed(problem)
        return Verdict.passed("fit_polynomial and predict_polynomial work")

    return Probe(probe_poly, inputs, decide)


@judge("test_poly_hidden")
def poly_hidden(ctx: Context) -> Probe:
    rng = ctx.rng
    fit_cases = []
    for degree, n in [(0, 12), (1, 30), (2, 7), (4, 40), (5, 6), (3, 4)]:  # (degree, number of points)
        x = rng.uniform(-1.0, 1.0, n)
        y = np.polyval(rng.normal(size=degree + 1), x) + 0.1 * rng.normal(size=n)
        fit_cases.append({"x": x, "y": y, "degree": degree})
    predict_cases = []
    for degree, n in [(0, 5), (1, 9), (3, 50), (6, 20)]:
        predict_cases.append({"coeffs": rng.normal(size=degree + 1), "x": rng.uniform(-2.0, 2.0, n)})
    inputs = {"fit": fit_cases, "predict": predict_cases}

    def fit_problem(fits: list[dict]) -> str | None:
        for case, got in zip(fit_cases, fits):
            degree = case["degree"]
            if "raised" in got:
                return f"fit_polynomial raised {got['raised']}"
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                want = np.polyfit(case["x"], case["y"], degree)
            value = got.get("value")
            if not isinstance(value, np.ndarray) or got.get("ndarray") is not True or value.shape != want.shape:
                return f"degree {degree}: expected an array of shape {want.shape}, got {kind(value)}"
            if array_problem(value, want, 1e-6, 1e-8, "fit"):
                return f"degree {degree}: the coefficients are not the least-squares ones, highest power first"
        return None

    def predict_problem(predictions: list[dict]) -> str | None:
        for case, got in zip(predict_cases, predictions):
            degree = len(case["coeffs"]) - 1
            if "raised" in got:
                return f"predict_polynomial raised {got['raised']}"
            value = _as_array(got.get("value"))
            want = np.polyval(case["coeffs"], case["x"])
            if value is None or value.shape != want.shape:
                return f"degree {degree}: expected predictions shaped like x {want.shape}, got {kind(got.get('value'))}"
            if array_problem(value, want, 1e-9, 1e-9, "predict"):
                return f"degree {degree}: the predictions are not those of the polynomial (highest power first)"
        return None

    def decide(data: object) -> Verdict:
        fits, predictions = _results(data, "fit", len(fit_cases)), _results(data, "predict", len(predict_cases))
        if fits is None or predictions is None:
            return Verdict.failed("the test's result was incomplete")
        problems = [p for p in (fit_problem(fits), predict_problem(predictions)) if p]
        right = 2 - len(problems)
        if not problems:
            return Verdict.passed("fit_polynomial and predict_polynomial are right on every case")
        return Verdict(right / 2, f"{right} of 2 points: " + "; ".join(problems))

    return Probe(probe_poly, inputs, decide)


# --------------------------------------------------------------------------------------------------------------
# decomposition: bias_variance, run with trusted polynomial helpers standing in for part 1
# --------------------------------------------------------------------------------------------------------------


def probe_bias_variance(learner, inputs):
    """Call bias_variance on each case with np.polyfit / np.polyval standing in for the learner's part-1
    functions (restored afterwards); report each returned value (or what it raised)."""
    import warnings

    import numpy as np

    def fit_polynomial(x, y, degree):
        return np.polyfit(x, y, degree)

    def predict_polynomial(coeffs, x):
        return np.polyval(coeffs, x)

    namespace = learner._ns
    absent = object()
    trusted = {"fit_polynomial": fit_polynomial, "predict_polynomial": predict_polynomial}
    saved = {name: namespace.get(name, absent) for name in trusted}
    results = []
    try:
        namespace.update(trusted)
        for case in inputs["cases"]:
            try:
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    value = learner.bias_variance(case["degree"], **case["kwargs"])
            except Exception as exc:
                results.append({"raised": f"{type(exc).__name__}: {exc}"})
                continue
            results.append({"value": dict.copy(value) if isinstance(value, dict) else value})
    finally:
        for name, value in saved.items():
            if value is absent:
                namespace.pop(name, None)
            else:
                namespace[name] = value
    return results


def _real(value: object) -> float | None:
    """A real number: an int or float, or a NumPy array holding one real number (as float() reads it)."""
    found = number(value)
    if found is not None:
        return found
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
        return float(value.reshape(()))
    return None


def _decomposition(label: str, got: dict) -> tuple[dict[str, float] | None, str | None]:
    """The four parts returned for one case as floats, or why they could not be read."""
    if "raised" in got:
        return None, f"{label}: raised {got['raised']}"
    value = got.get("value")
    if not isinstance(value, dict):
        return None, f"{label}: bias_variance must return a dict, not {kind(value)}"
    missing = [k for k in KEYS if k not in value]
    if missing:
        return None, f"{label}: the result lacks the keys {missing}"
    parts = {k: _real(value[k]) for k in KEYS}
    bad = [k for k, v in parts.items() if v is None]
    if bad:
        return None, f"{label}: {bad[0]!r} is {kind(value[bad[0]])}, not a number"
    if not all(math.isfinite(v) for v in parts.values()):
        return None, f"{label}: a non-finite value"
    return parts, None


def _case(label: str, degree: int, **kwargs: float) -> dict:
    return {"label": label, "degree": degree, "kwargs": kwargs}


def _probe_cases(cases: list[dict]) -> dict:
    return {"cases": [{"degree": c["degree"], "kwargs": c["kwargs"]} for c in cases]}


def _sigma(case: dict) -> float:
    return float(case["kwargs"].get("noise_std", 0.3))


def _adds_up(parts: dict[str, float]) -> tuple[bool, float]:
    """Whether the parts add up to the measured error within the notebook's tolerance, and their sum."""
    total = parts["bias2"] + parts["variance"] + parts["noise"]
    return abs(parts["mse"] - total) <= 0.1 * total + 0.5 * parts["noise"], total


@judge("test_decomposition")
def decomposition_visible(ctx: Context) -> Probe:
    cases = [
        _case("bias_variance(3)", 3),
        _case("bias_variance(3) again", 3),
        _case("bias_variance(0, noise_std=0.5)", 0, noise_std=0.5),
    ]

    def decide(data: object) -> Verdict:
        if not isinstance(data, list) or len(data) != len(cases) or not all(isinstance(r, dict) for r in data):
            return Verdict.failed("the test's result was incomplete")
        first, again, zero = data
        for case, got in zip(cases, data):
            if "raised" in got:
                return Verdict.failed(f"{case['label']} raised {got['raised']}")
        res3 = first.get("value")
        if not isinstance(res3, dict):
            return Verdict.failed(f"bias_variance must return a dict, not {kind(res3)}")
        missing = sorted(set(KEYS) - set(res3))
        if missing:
            return Verdict.failed(f"the result lacks the keys {missing}")
        if not _same(res3, again.get("value")):
            return Verdict.failed("two calls with the same seed must give the same result: use one rng made from seed")
        parts3, problem = _decomposition(cases[0]["label"], first)
        if problem:
            return Verdict.failed(problem)
        parts0, problem = _decomposition(cases[2]["label"], zero)
        if problem:
            return Verdict.failed(problem)
        if abs(parts3["noise"] - 0.09) >= 1e-12:
            return Verdict.failed(f"noise is sigma^2 = 0.3 ** 2 = 0.09, got {parts3['noise']:.6g}")
        if abs(parts0["noise"] - 0.25) >= 1e-12:
            return Verdict.failed(f"with noise_std=0.5 noise is 0.25, got {parts0['noise']:.6g}")
        if not 0.4 < parts0["bias2"] < 0.6:
            why = "the best constant for sin(2 pi x) on [0, 1] is 0, so bias^2 is the mean of sin^2"
            return Verdict.failed(f"degree 0: {why}, about 0.5, got {parts0['bias2']:.4f}")
        ok, total = _adds_up(parts3)
        if not ok:
            return Verdict.failed(
                f"degree 3: bias2 + variance + noise = {total:.4f} but mse = {parts3['mse']:.4f}; they should be close"
            )
        return Verdict.passed("the result has the right form and its parts add up")

    return Probe(probe_bias_variance, _probe_cases(cases), decide)


def _same(a: object, b: object) -> bool:
    """Whether two returned results are equal, as `==` compares the dicts of floats the contract asks for."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and np.array_equal(a, b)
    if isinstance(a, dict) and isinstance(b, dict):
        return set(a) == set(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, Foreign) or isinstance(b, Foreign):
        return False
    return type(a) is type(b) and a == b


def _measured_spread(parts: dict[str, float], sigma: float, n_datasets: int) -> float:
    """The standard deviation of mse - (bias2 + variance + noise) for an error measured against fresh noisy
    targets, one per training set and grid point: mean(eps^2) - sigma^2 has variance 2 sigma^4 / (N G), and the
    cross term -2 mean((y_hat - f) eps) has variance 4 sigma^2 mean((y_hat - f)^2) / (N G). A test error computed
    as the sum of the parts instead of measured misses both and differs from the sum by rounding only."""
    spread2 = max(parts["bias2"], 0.0) + max(parts["variance"], 0.0)
    return math.sqrt((2 * sigma**4 + 4 * sigma**2 * spread2) / (n_datasets * GRID))


@judge("test_decomposition_hidden")
def decomposition_hidden(ctx: Context) -> Probe:
    rng = ctx.rng
    seeds = [int(s) for s in rng.choice(10**6, size=9, replace=False)]
    cases = [
        _case("d3", 3, seed=seeds[0]),
        _case("d3 again", 3, seed=seeds[0]),
        _case("d3 another seed", 3, seed=seeds[1]),
        _case("d0", 0, seed=seeds[2]),
        _case("d1", 1, seed=seeds[3]),
        _case("d5", 5, seed=seeds[4]),
        _case("d3 noise 0.1", 3, noise_std=0.1, seed=seeds[5]),
        _case("d3 n_train 100", 3, n_train=100, seed=seeds[6]),
        _case("d0 noise 0.1", 0, noise_std=0.1, n_datasets=100, seed=seeds[7]),
        _case("d3 noise 0.6", 3, noise_std=0.6, n_datasets=150, seed=seeds[8]),
    ]
    # Few training sets and much noise: a measured test error differs from the sum of the parts by chance, by
    # a spread of 0.02 to 0.15 (see _measured_spread); one computed as that sum does not differ at all.
    few = []
    for i, (degree, n_datasets) in enumerate([(0, 2), (1, 3), (2, 2), (3, 4), (1, 5)]):
        noise_std = round(float(rng.uniform(0.5, 1.0)), 3)
        n_train = int(rng.integers(10, 31))
        seed = int(rng.integers(10**6))
        few.append(
            _case(
                f"few datasets {i + 1}", degree, n_datasets=n_datasets, n_train=n_train, noise_std=noise_std, seed=seed
            )
        )
    cases += few

    def decide(data: object) -> Verdict:
        if not isinstance(data, list) or len(data) != len(cases) or not all(isinstance(r, dict) for r in data):
            return Verdict.failed("the test's result was incomplete")
        r: dict[str, dict[str, float]] = {}
        for case, got in zip(cases, data):
            parts, problem = _decomposition(f"case {case['label']} (degree {case['degree']})", got)
            if problem:
                return Verdict.failed(problem)
            r[case["label"]] = parts
        values = {case["label"]: got["value"] for case, got in zip(cases, data)}
        scores = [_adds_up_problems(cases, few, r, values), _bias_problems(r), _variance_problems(r)]
        names = ("the parts add up", "bias^2 behaves", "variance behaves")
        right = sum(not problems for problems in scores)
        lines = [f"{name}: " + ("yes" if not p else "; ".join(p)) for name, p in zip(names, scores)]
        return Verdict(right / 3, f"{right} of 3 points: " + "; ".join(lines))

    return Probe(probe_bias_variance, _probe_cases(cases), decide)


def _adds_up_problems(cases: list[dict], few: list[dict], r: dict, values: dict) -> list[str]:
    problems = []
    for case in cases:
        if abs(r[case["label"]]["noise"] - _sigma(case) ** 2) > 1e-12:
            problems.append(f"{case['label']}: noise must be noise_std ** 2")
            break
    for name in ("d3", "d5", "d3 noise 0.1", "d3 noise 0.6"):
        ok, total = _adds_up(r[name])
        if not ok:
            problems.append(f"{name}: bias2 + variance + noise = {total:.4g} is far from mse = {r[name]['mse']:.4g}")
            break
    if not _same(values["d3"], values["d3 again"]):
        problems.append("the same seed must give the same result")
    if _same(values["d3"], values["d3 another seed"]):
        problems.append("different seeds must give different training sets")
    deviations = []
    for case in few:
        parts = r[case["label"]]
        total = parts["bias2"] + parts["variance"] + parts["noise"]
        spread = _measured_spread(parts, _sigma(case), int(case["kwargs"]["n_datasets"]))
        deviations.append(abs(parts["mse"] - total) / spread)
    # a measured error lands within 1e-3 spreads of the sum with probability under 1e-3 per case: in all five
    # cases, under 1e-15; an error computed from the parts lands there every time
    if max(deviations) < 1e-3:
        problems.append(
            "mse is not measured: with only a few training sets it still equals bias2 + variance + noise exactly, "
            "while an error measured against fresh noisy test targets differs from that sum by chance"
        )
    return problems


def _bias_problems(r: dict) -> list[str]:
    checks = [
        (0.45 < r["d0"]["bias2"] < 0.55, "degree 0: bias2 should be about 0.5"),
        (0.45 < r["d0 noise 0.1"]["bias2"] < 0.55, "degree 0, noise 0.1: bias2 should be about 0.5"),
        (0.17 < r["d1"]["bias2"] < 0.24, "degree 1: bias2 should be about 0.2"),
        (r["d3"]["bias2"] < 0.025, "degree 3: bias2 should be small"),
        (r["d3 noise 0.1"]["bias2"] < 0.02, "degree 3, noise 0.1: bias2 should be small"),
        (r["d0"]["bias2"] > 5 * r["d0"]["variance"], "degree 0: bias should dominate"),
    ]
    return [message for ok, message in checks if not ok]


def _variance_problems(r: dict) -> list[str]:
    checks = [
        (0.015 < r["d3"]["variance"] < 0.5, "degree 3: variance out of range"),
        (0.01 < r["d0"]["variance"] < 0.07, "degree 0: variance out of range"),
        (0.001 < r["d3 n_train 100"]["variance"] < 0.012, "degree 3, 100 points: variance out of range"),
        (0.001 < r["d3 noise 0.1"]["variance"] < 0.25, "degree 3, noise 0.1: variance out of range"),
        (0.05 < r["d3 noise 0.6"]["variance"] < 4.0, "degree 3, noise 0.6: variance out of range"),
        (r["d5"]["variance"] > 5 * r["d5"]["bias2"], "degree 5: variance should dominate"),
    ]
    return [message for ok, message in checks if not ok]


# --------------------------------------------------------------------------------------------------------------
# diagnosis: diagnose(train_err, val_err, target_err)
# --------------------------------------------------------------------------------------------------------------


def probe_diagnose(learner, inputs):
    """Call diagnose on each case's three curves; report what it returned (or raised)."""
    out = []
    for case in inputs["cases"]:
        try:
            out.append({"value": learner.diagnose(list(case["train"]), list(case["val"]), list(case["target"]))})
        except Exception as exc:
            out.append({"raised": f"{type(exc).__name__}: {exc}"})
    return out


def reference_diagnose(train_err: list[float], val_err: list[float], target_err: list[float]) -> str:
    train, val, target = train_err[-1], val_err[-1], target_err[-1]
    if train > 1.5 * target:
        return "high_bias"
    if val > 1.5 * target:
        return "high_variance"
    return "good"


def _judge_diagnose(cases: list[dict], passed: str):
    def decide(data: object) -> Verdict:
        if not isinstance(data, list) or len(data) != len(cases) or not all(isinstance(r, dict) for r in data):
            return Verdict.failed("the test's result was incomplete")
        wrong = []
        for case, got in zip(cases, data):
            if "raised" in got:
                wrong.append(f"{case['name']}: raised {got['raised']}")
                continue
            value = got.get("value")
            if type(value) is not str:
                wrong.append(f"{case['name']}: expected one of the three labels (a str), got {kind(value)}")
            elif value != case["want"]:
                wrong.append(f"{case['name']}: expected {case['want']!r}, got {value!r}")
        return Verdict.unless(wrong, passed)

    return decide


def _diagnose_inputs(cases: list[dict]) -> dict:
    return {"cases": [{"train": c["train"], "val": c["val"], "target": c["target"]} for c in cases]}


@judge("test_diagnosis")
def diagnosis_visible(ctx: Context) -> Probe:
    target = [0.1, 0.1, 0.1]
    cases = [
        {"train": [0.30, 0.32, 0.33], "val": [0.50, 0.40, 0.36], "want": "high_bias"},
        {"train": [0.00, 0.05, 0.08], "val": [2.00, 0.80, 0.40], "want": "high_variance"},
        {"train": [0.05, 0.08, 0.10], "val": [0.60, 0.20, 0.12], "want": "good"},
    ]
    names = [
        "training error ends at 3.3x the target",
        "training error near the target, validation 4x",
        "both end near the target",
    ]
    for case, name in zip(cases, names):
        case.update(target=target, name=name)
    return Probe(probe_diagnose, _diagnose_inputs(cases), _judge_diagnose(cases, "the three textbook cases"))


def _curve(start: float, end: float, n: int = 12) -> list[float]:
    return [float(v) for v in np.geomspace(start, end, n)]


# (final train / target, final val / target, label): every ratio is far from 1.5
SHAPES = [
    (3.0, 3.3, "high_bias"),
    (2.5, 6.0, "high_bias"),
    (4.0, 4.1, "high_bias"),
    (0.5, 3.0, "high_variance"),
    (1.1, 2.6, "high_variance"),
    (0.2, 40.0, "high_variance"),
    (0.9, 1.1, "good"),
    (0.6, 1.15, "good"),
    (1.05, 1.2, "good"),
]
RUNS = [  # (degree, sizes, label) of learning curves of new runs
    (1, range(15, 31), "high_bias"),
    (2, range(10, 101, 10), "high_bias"),
    (12, range(15, 31), "high_variance"),
    (9, range(12, 25), "high_variance"),
    (3, range(20, 201, 20), "good"),
]


def _clear(curves: dict, want: str) -> bool:
    """Whether learning curves show `want` by the rule, with both final ratios at least 10% away from 1.5."""
    target = curves["target"][-1]
    ratios = (curves["train"][-1] / target, curves["val"][-1] / target)
    far = all(abs(ratio - 1.5) > 0.15 for ratio in ratios)
    return far and reference_diagnose(curves["train"], curves["val"], curves["target"]) == want


@judge("test_diagnosis_hidden")
def diagnosis_hidden(ctx: Context) -> Probe:
    from mlexam.learner.bias_variance import learning_curves

    cases = []
    for target in (0.09, 0.002, 40.0):
        for tr, va, want in SHAPES:
            # training error rises from far below, validation error falls from far above
            train = _curve(0.01 * tr * target, tr * target)
            val = _curve(50 * va * target, va * target)
            name = f"train {tr}x, val {va}x the target {target:g}"
            cases.append({"name": name, "train": train, "val": val, "target": [target] * len(train), "want": want})
    for degree, sizes, want in RUNS:
        for _ in range(20):  # every seed tried so far is clear; redraw in the unlikely case one is not
            seed = int(ctx.rng.integers(10**6))
            curves = learning_curves(degree, sizes, seed=seed)
            if _clear(curves, want):
                break
        want = reference_diagnose(curves["train"], curves["val"], curves["target"])
        name = f"learning curves of degree {degree} (a new run)"
        cases.append({"name": name, "train": curves["train"], "val": curves["val"], "target": curves["target"]})
        cases[-1]["want"] = want
    return Probe(probe_diagnose, _diagnose_inputs(cases), _judge_diagnose(cases, "every case labelled right"))


# --------------------------------------------------------------------------------------------------------------
# remedies: REMEDIES
# --------------------------------------------------------------------------------------------------------------

LETTERS = "abcdefghijk"
REMEDY_TEXT = {
    "a": "collect more training examples",
    "b": "use a bigger model",
    "c": "increase regularisation",
    "d": "train longer, or with a better optimiser",
    "e": "use fewer input features",
    "f": "add new input features",
    "g": "reduce regularisation",
    "h": "augment the training data",
    "i": "collect a larger validation set",
    "j": "use a smaller model",
    "k": "stop training early, at the best validation error",
}
REMEDY_KEY = {
    "high_bias": frozenset("bdfg"),
    "high_variance": frozenset("acehjk"),
}
REMEDY_WHY = {
    "high_bias": {
        "a": "more examples do not lower a training error that is already too high: the model cannot fit even "
        "the data it has, and its learning curves stay flat as the set grows",
        "b": "more capacity lets the model represent what it underfits, so its training error falls",
        "c": "stronger regularisation constrains the model further and raises its training error",
        "d": "an underfit training error is often an optimisation problem, and training longer or better lowers it",
        "e": "fewer features take capacity (and information) away: a trade that buys less variance with more bias, "
        "the wrong way round for a model that already underfits",
        "f": "new input features add capacity, and often information, so the model can fit what it underfits: by the "
        "notebook's reading, features count by their effect on capacity, which lowers bias",
        "g": "less regularisation frees capacity the model was denied, so its training error falls",
        "h": "augmentation adds more examples of the same kind, which does not help a model that cannot fit them",
        "i": "a larger validation set measures the error more precisely but changes no model",
        "j": "a smaller model has even less capacity, so it underfits more",
        "k": "stopping early ends training before the training error has come down: a trade that buys less variance "
        "with more bias, the wrong way round here",
    },
    "high_variance": {
        "a": "more examples pin the fit down and close the gap between training and validation error",
        "b": "a bigger model fits the noise of its training set even better and widens the gap",
        "c": "stronger regularisation limits how closely the model can follow the noise, so the gap closes",
        "d": "training longer lets the model fit its training set ever more closely, the reverse of early stopping: "
        "it lowers bias and widens the gap",
        "e": "fewer input features leave less capacity to fit noise: a trade that costs some bias for less variance, "
        "so by the notebook's reading it counts here",
        "f": "new features add capacity, which raises variance; a feature carrying information the model lacked can "
        "sometimes lower both errors, but by the notebook's reading features count by their effect on capacity",
        "g": "less regularisation lets the model follow the noise more closely and widens the gap",
        "h": "augmentation works like more training data and closes the gap",
        "i": "a larger validation set measures the gap more precisely but does not close it",
        "j": "a smaller model has less capacity to fit the noise, so it overfits less",
        "k": "early stopping halts training before the model fits the noise, a form of regularisation: a trade that "
        "costs a little bias for less variance, so by the notebook's reading it counts here",
    },
}


@judge("test_remedies")
def remedies_form(ctx: Context) -> Probe:
    def decide(answer: object) -> Verdict:
        if not isinstance(answer, dict):
            return Verdict.failed(f"REMEDIES must be a dict, not {kind(answer)}")
        if set(answer) != set(REMEDY_KEY):
            return Verdict.failed(f"REMEDIES needs the keys 'high_bias' and 'high_variance', got {sorted(answer)}")
        for problem in REMEDY_KEY:
            letters = answer[problem]
            if not isinstance(letters, frozenset):
                return Verdict.failed(f"REMEDIES[{problem!r}] must be a set of letters, not {kind(letters)}")
            unknown = [v for v in letters if not (type(v) is str and v in set(LETTERS))]
            if unknown:
                return Verdict.failed(f"REMEDIES[{problem!r}] has unknown entries: {sorted(map(repr, unknown))}")
            if not letters:
                return Verdict.failed(f"REMEDIES[{problem!r}] is empty: some remedies do help")
        return Verdict.passed("REMEDIES is well formed")

    return Probe(probe_value, {"name": "REMEDIES"}, decide)


@judge("test_remedies_hidden")
def remedies(ctx: Context) -> Probe:
    def decide(answer: object) -> Verdict:
        given = answer if isinstance(answer, dict) else {}
        items, right, summary = [], 0, []
        for problem, key in REMEDY_KEY.items():
            mine = given.get(problem)
            chosen = mine if isinstance(mine, frozenset) else frozenset()
            whole = isinstance(mine, frozenset) and mine == key
            right += whole
            summary.append(f"{problem}: " + ("right" if whole else "not right"))
            for letter in LETTERS:
                helps = letter in key
                ok = (letter in chosen) == helps
                verdict = "helps" if helps else "does not help"
                why = f"{REMEDY_TEXT[letter]} {verdict}: {REMEDY_WHY[problem][letter]}"
                items.append(Item(f"{problem}: {letter}", ok, why))
        return Verdict(right / len(REMEDY_KEY), "; ".join(summary) + " (all or nothing per problem)", tuple(items))

    return Probe(probe_value, {"name": "REMEDIES"}, decide)
