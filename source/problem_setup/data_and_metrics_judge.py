"""Judges of data_and_metrics.ipynb: group splits and the leak they prevent; confusion counts, precision and recall,
the threshold for a recall target; the metric for each task of example question 3.

The probes call the learner's functions on the judges' inputs and report what came back (values, whether an
index array is a NumPy array, whether a pair is a tuple, exceptions per case). Where a question may use the
learner's answer to an earlier question, its probe lends it a trusted version of that function for the call
(and restores the learner's own), so that each question is judged on its own. References, keys and the
checks live here, outside the kernel.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mlexam.course.judging import Context, Judges, Probe, Verdict, choice_probe, kind, number
from mlexam.learner.data_metrics import make_grouped_data

judge = Judges()

# --------------------------------------------------------------------------------------------------- probes


def probe_group_split(learner, inputs):
    """Call group_split on each case; report the value, whether it is a tuple of NumPy arrays, or the error."""
    import numpy as np

    function = learner.group_split
    results = []
    for case in inputs["cases"]:
        groups = np.array(case["groups"])
        args = [groups, case["val_fraction"]]
        kwargs = {} if case["seed"] is None else {"seed": case["seed"]}
        try:
            out = function(*args, **kwargs)
            report = {"value": out, "is_tuple": isinstance(out, tuple)}
            if isinstance(out, (tuple, list)):
                report["ndarrays"] = [isinstance(v, np.ndarray) for v in list(out)[:2]]
        except Exception as exc:
            report = {"raised": f"{type(exc).__name__}: {exc}"[:300], "value_error": isinstance(exc, ValueError)}
        results.append(report)
    return {"results": results}


def probe_leakage(learner, inputs):
    """Call leakage_gap(seed) for each seed with a trusted group_split lent to it for the call; it records the
    groups, fraction and split of every call. The learner's own group_split is restored afterwards."""
    import numpy as np

    calls = []

    def group_split(groups, val_fraction, seed=0):
        if not 0 < val_fraction < 1:
            raise ValueError(f"val_fraction must be strictly between 0 and 1, got {val_fraction}")
        groups = np.asarray(groups)
        names = np.unique(groups)
        n_val = round(val_fraction * len(names))
        chosen = np.random.default_rng(seed).choice(names, size=n_val, replace=False)
        in_val = np.isin(groups, chosen)
        train, val = np.flatnonzero(~in_val), np.flatnonzero(in_val)
        calls.append({"groups": groups.copy(), "val_fraction": float(val_fraction), "val": val.copy()})
        return train, val

    namespace = learner._ns
    missing = object()
    own = namespace.get("group_split", missing)
    function = learner.leakage_gap
    results = []
    namespace["group_split"] = group_split
    try:
        for seed in inputs["seeds"]:
            calls.clear()
            try:
                out = function(seed)
                report = {"value": out, "is_tuple": isinstance(out, tuple)}
            except Exception as exc:
                report = {"raised": f"{type(exc).__name__}: {exc}"[:300]}
            report["calls"] = list(calls[:10])
            results.append(report)
    finally:
        if own is missing:
            namespace.pop("group_split", None)
        else:
            namespace["group_split"] = own
    return {"results": results}


def probe_scores(learner, inputs):
    """Call confusion_counts, precision_recall or threshold_for_recall on each case: (scores, labels, third) with
    the scores and labels passed as NumPy arrays, Python lists or torch tensors. For the last two, trusted
    confusion_counts and precision_recall are lent to the learner's function for the call (and the learner's
    own restored afterwards). Report each value (and whether it is a tuple) or error."""
    import numpy as np

    def confusion_counts(scores, labels, threshold):
        scores, labels = np.asarray(scores), np.asarray(labels)
        if len(scores) != len(labels):
            raise ValueError(f"{len(scores)} scores but {len(labels)} labels")
        flagged, bad = scores >= threshold, labels == 1
        return {
            "tp": int(np.sum(flagged & bad)),
            "fp": int(np.sum(flagged & ~bad)),
            "tn": int(np.sum(~flagged & ~bad)),
            "fn": int(np.sum(~flagged & bad)),
        }

    def precision_recall(scores, labels, threshold):
        c = confusion_counts(scores, labels, threshold)
        flagged, bad = c["tp"] + c["fp"], c["tp"] + c["fn"]
        return (c["tp"] / flagged if flagged else 0.0), (c["tp"] / bad if bad else 0.0)

    def convert(array, how):
        if how == "list":
            return array.tolist()
        if how == "tensor":
            import torch

            return torch.from_numpy(array.copy())
        return array.copy()

    name = inputs["function"]
    function = getattr(learner, name)
    lent = {"precision_recall": ["confusion_counts"], "threshold_for_recall": ["confusion_counts", "precision_recall"]}
    trusted = {"confusion_counts": confusion_counts, "precision_recall": precision_recall}
    namespace = learner._ns
    missing = object()
    saved = {n: namespace.get(n, missing) for n in lent.get(name, [])}
    results = []
    try:
        for n in saved:
            namespace[n] = trusted[n]
        for case in inputs["cases"]:
            scores = convert(np.asarray(case["scores"]), case["kind"])
            labels = convert(np.asarray(case["labels"]), case["kind"])
            try:
                out = function(scores, labels, case["third"])
                results.append({"value": out, "is_tuple": isinstance(out, tuple)})
            except Exception as exc:
                results.append(
                    {"raised": f"{type(exc).__name__}: {exc}"[:300], "value_error": isinstance(exc, ValueError)}
                )
    finally:
        for n, own in saved.items():
            if own is missing:
                namespace.pop(n, None)
            else:
                namespace[n] = own
    return {"results": results}


# ---------------------------------------------------------------------------------------- reading the data


def _results(data: Any, n: int) -> list[dict] | None:
    if not isinstance(data, dict):
        return None
    results = data.get("results")
    if not isinstance(results, list) or len(results) != n or not all(isinstance(r, dict) for r in results):
        return None
    return results


def _raised(result: dict) -> str | None:
    raised = result.get("raised")
    return raised if isinstance(raised, str) else ("an error" if "raised" in result else None)


def _error_problem(result: dict, what: str) -> str | None:
    """For a case that must raise ValueError."""
    if result.get("value_error") is True:
        return None
    return f"{what} must raise ValueError, got " + (_raised(result) or "no error")


# ------------------------------------------------------------------------------------------ group_split


def _split_problem(result: dict, groups: np.ndarray, fraction: float, what: str) -> str | None:
    """Whether one call of group_split returned a valid split of `groups` with round(fraction * G) groups."""
    raised = _raised(result)
    if raised:
        return f"{what}: raised {raised}"
    value = result.get("value")
    if not isinstance(value, list) or len(value) != 2 or result.get("is_tuple") is not True:
        return f"{what}: return a tuple (train_idx, val_idx), got {kind(value)}"
    if result.get("ndarrays") != [True, True]:
        return f"{what}: train_idx and val_idx must be NumPy arrays"
    n = len(groups)
    for name, idx in zip(("train_idx", "val_idx"), value):
        if not isinstance(idx, np.ndarray) or idx.ndim != 1 or idx.dtype.kind not in "iu":
            return f"{what}: {name} must be a 1-D array of integer indices, got {kind(idx)}"
        if idx.size > 1 and not np.all(np.diff(idx.astype(np.int64)) > 0):
            return f"{what}: {name} is not sorted ascending (or repeats an index)"
    train, val = (v.astype(np.int64) for v in value)
    together = np.concatenate([train, val])
    if len(together) != n or not np.array_equal(np.sort(together), np.arange(n)):
        return f"{what}: together the two sides must hold every index 0..{n - 1} exactly once"
    straddling = np.intersect1d(groups[train], groups[val])
    if len(straddling):
        return f"{what}: {len(straddling)} group(s) have examples on both sides, e.g. {straddling.tolist()[0]!r}"
    want = round(fraction * len(np.unique(groups)))
    got = len(np.unique(groups[val]))
    if got != want:
        return f"{what}: {got} groups on the validation side, expected round({fraction} * {len(np.unique(groups))})"
    return None


def _val_groups(result: dict, groups: np.ndarray) -> frozenset:
    return frozenset(np.unique(groups[result["value"][1].astype(np.int64)]).tolist())


def _same(a: dict, b: dict) -> bool:
    """Whether two valid results of group_split are the same split."""
    return all(np.array_equal(x, y) for x, y in zip(a["value"], b["value"]))


def _split_case(groups: list, fraction: float, seed: int | None) -> dict:
    return {"groups": groups, "val_fraction": fraction, "seed": seed}


VISIBLE_USERS = ["ann", "bob", "ann", "cy", "dan", "bob", "cy", "eve", "dan", "eve"]


@judge("test_group_split")
def group_split_visible(ctx: Context) -> Probe:
    users = VISIBLE_USERS
    cases = [_split_case(users, 0.4, 1), _split_case(users, 0.4, 1), _split_case(users, 0.5, 1)]
    cases += [_split_case(users, bad, None) for bad in (0, 1, 1.5)]

    def decide(data: Any) -> Verdict:
        results = _results(data, len(cases))
        if results is None:
            return Verdict.failed("the test's result was incomplete")
        groups = np.array(users)
        problems = []
        for i, what in ((0, "group_split(users, 0.4, seed=1)"), (2, "group_split(users, 0.5, seed=1)")):
            problem = _split_problem(results[i], groups, cases[i]["val_fraction"], what)
            if problem:
                problems.append(problem)
        if not problems:
            again = results[1]
            if _split_problem(again, groups, 0.4, "") or not all(
                np.array_equal(a, b) for a, b in zip(results[0]["value"], again["value"])
            ):
                problems.append("the same seed must give the same split")
        for case, result in zip(cases[3:], results[3:]):
            problem = _error_problem(result, f"val_fraction={case['val_fraction']}")
            if problem:
                problems.append(problem)
        return Verdict.unless(problems, "group_split keeps users whole, rounds as Python does and checks its input")

    return Probe(probe_group_split, {"cases": cases}, decide)


@judge("test_group_split_hidden")
def group_split_hidden(ctx: Context) -> Probe:
    rng = ctx.rng
    checked = []  # (case index, what)

    cases: list[dict] = []

    def add(groups: list, fraction: float, seed: int | None, what: str) -> int:
        cases.append(_split_case(groups, fraction, seed))
        checked.append((len(cases) - 1, what))
        return len(cases) - 1

    # the notebook's kind of data: 50 users of 8 examples, shuffled, a quarter held out (round(12.5) = 12)
    data_groups = make_grouped_data(int(rng.integers(1, 10**6)))[2].tolist()
    seeds = [int(s) for s in rng.choice(10**6, size=6, replace=False)]
    by_seed = [add(data_groups, 0.25, s, f"50 users, val_fraction 0.25, seed={s}") for s in seeds]
    repeat = add(data_groups, 0.25, seeds[0], f"the same call again (seed={seeds[0]})")
    default = [add(data_groups, 0.25, None, "seed left at its default") for _ in range(2)]
    zero = add(data_groups, 0.25, 0, "seed=0")

    # string names, unequal sizes, any order: 25 users, half of them (round(12.5) = 12)
    names = [f"user_{int(i)}" for i in rng.choice(1000, size=25, replace=False)]
    strings = [name for name in names for _ in range(int(rng.integers(1, 7)))]
    strings = [strings[i] for i in rng.permutation(len(strings))]
    add(strings, 0.5, int(rng.integers(0, 10**6)), "25 users named by strings, val_fraction 0.5")

    # integer labels that are not 0..G-1, unequal sizes; fractions that round half to even, up and down
    ids = [int(i) for i in rng.choice(np.arange(-(10**6), 10**6), size=30, replace=False)]
    ints = [ids[i] for i in rng.integers(0, 30, 150)] + ids  # every id at least once
    ints = [ints[i] for i in rng.permutation(len(ints))]
    first_ten, first_seven = set(ids[:10]), set(ids[:7])
    ten = [g for g in ints if g in first_ten]
    for fraction in (0.45, 0.38, 0.33):  # 4.5 -> 4, 3.8 -> 4, 3.3 -> 3
        add(
            ten, fraction, int(rng.integers(0, 10**6)), f"10 groups with arbitrary integer ids, val_fraction {fraction}"
        )
    add(ints, 0.15, int(rng.integers(0, 10**6)), "30 groups, val_fraction 0.15 (4.5 groups)")
    seven = [g for g in ints if g in first_seven]
    add(seven, 0.5, int(rng.integers(0, 10**6)), "7 groups, val_fraction 0.5 (3.5 groups)")

    bad = [len(cases) + i for i in range(4)]
    cases += [_split_case(data_groups, f, None) for f in (0.0, 1.0, -0.25, 1.25)]

    def decide(data: Any) -> Verdict:
        results = _results(data, len(cases))
        if results is None:
            return Verdict.failed("the test's result was incomplete")
        problems = []
        valid = set()
        for i, what in checked:
            groups = np.array(cases[i]["groups"])
            problem = _split_problem(results[i], groups, cases[i]["val_fraction"], what)
            if problem:
                problems.append(problem)
            else:
                valid.add(i)
        data_arr = np.array(data_groups)
        if all(i in valid for i in by_seed) and len({_val_groups(results[i], data_arr) for i in by_seed}) == 1:
            problems.append("six different seeds chose the same validation groups: choose them at random with seed")
        if repeat in valid and by_seed[0] in valid and not _same(results[repeat], results[by_seed[0]]):
            problems.append("the same seed gave two different splits")
        if all(i in valid for i in [*default, zero]):
            first = results[default[0]]["value"]
            if not all(np.array_equal(a, b) for a, b in zip(first, results[default[1]]["value"])):
                problems.append("two calls with the default seed gave different splits")
            elif not all(np.array_equal(a, b) for a, b in zip(first, results[zero]["value"])):
                problems.append("the default seed must be 0: seed=0 gave another split")
        for i in bad:
            problem = _error_problem(results[i], f"val_fraction={cases[i]['val_fraction']}")
            if problem:
                problems.append(problem)
        return Verdict.unless(problems, "group_split is right for every kind of group, fraction and seed")

    return Probe(probe_group_split, {"cases": cases}, decide)


# ---------------------------------------------------------------------------------------------- leakage


def one_nn_accuracy(x: np.ndarray, y: np.ndarray, train: np.ndarray, val: np.ndarray) -> float:
    """Validation accuracy of 1-NN (Euclidean) trained on `train`."""
    d = ((x[val, None, :] - x[None, train, :]) ** 2).sum(axis=-1)
    return float(np.mean(y[train][d.argmin(axis=1)] == y[val]))


def _leakage_problem(result: dict, seed: int, exact: bool) -> str | None:
    what = f"leakage_gap({seed})"
    raised = _raised(result)
    if raised:
        return f"{what} raised {raised}"
    value = result.get("value")
    if not isinstance(value, list) or len(value) != 2 or result.get("is_tuple") is not True:
        return f"{what}: return a tuple (random_acc, group_acc), got {kind(value)}"
    random_acc, group_acc = value
    if type(random_acc) is not float or type(group_acc) is not float:
        return f"{what}: both accuracies must be floats, got {kind(random_acc)} and {kind(group_acc)}"
    if not (0 <= random_acc <= 1 and 0 <= group_acc <= 1):
        return f"{what}: accuracies lie between 0 and 1, got {random_acc} and {group_acc}"
    if not random_acc >= 0.95:
        return (
            f"{what}: random_acc is {random_acc:.3f}; with a random split of the examples 1-NN finds a session "
            "of the same user for almost every validation example"
        )
    if not exact:
        if not group_acc < 0.95:
            return f"{what}: group_acc is {group_acc:.3f}; 1-NN cannot know the labels of unseen users"
        return None
    x, y, groups = make_grouped_data(seed)
    calls = result.get("calls")
    calls = [c for c in calls if isinstance(c, dict)] if isinstance(calls, list) else []
    if not calls:
        return f"{what}: group_acc must come from your group_split (it was not called)"
    wanted = []
    for call in calls:
        g, fraction, val = call.get("groups"), call.get("val_fraction"), call.get("val")
        if not (isinstance(g, np.ndarray) and g.shape == groups.shape and np.array_equal(g, groups)):
            continue
        if fraction != 0.25 or not isinstance(val, np.ndarray) or val.ndim != 1 or val.dtype.kind not in "iu":
            continue
        val = val.astype(np.int64)
        if len(val) == 0 or len(np.unique(val)) != len(val) or val.min() < 0 or val.max() >= len(groups):
            continue
        train = np.setdiff1d(np.arange(len(groups)), val)
        if np.intersect1d(groups[train], groups[val]).size:
            continue
        wanted.append(one_nn_accuracy(x, y, train, val))
    if not wanted:
        return f"{what}: group_split was not called with the groups of make_grouped_data({seed}) and val_fraction 0.25"
    if not any(abs(group_acc - w) <= 1e-9 for w in wanted):
        return (
            f"{what}: group_acc is {group_acc:.4f}, which is not the accuracy of 1-NN trained on the training side "
            "of the split group_split returned and scored on its validation side"
        )
    return None


@judge("test_leakage")
def leakage_visible(ctx: Context) -> Probe:
    def decide(data: Any) -> Verdict:
        results = _results(data, 1)
        if results is None:
            return Verdict.failed("the test's result was incomplete")
        problem = _leakage_problem(results[0], 0, exact=False)
        return Verdict.unless([problem] if problem else [], "the leak shows on seed 0")

    return Probe(probe_leakage, {"seeds": [0]}, decide)


@judge("test_leakage_hidden")
def leakage_hidden(ctx: Context) -> Probe:
    seeds = [0] + [int(s) for s in ctx.rng.choice(np.arange(1, 10**6), size=3, replace=False)]

    def decide(data: Any) -> Verdict:
        results = _results(data, len(seeds))
        if results is None:
            return Verdict.failed("the test's result was incomplete")
        problems = [p for p in (_leakage_problem(r, s, exact=True) for r, s in zip(results, seeds)) if p]
        return Verdict.unless(problems, "leakage_gap measures both splits right on every seed")

    return Probe(probe_leakage, {"seeds": seeds}, decide)


# ----------------------------------------------------------------------------- confusion, precision, recall


def reference_counts(scores: np.ndarray, labels: np.ndarray, threshold: float) -> dict[str, int]:
    flagged, bad = scores >= threshold, labels == 1  # in the scores' own dtype (NumPy 2: a Python float is weak)
    return {
        "tp": int(np.sum(flagged & bad)),
        "fp": int(np.sum(flagged & ~bad)),
        "tn": int(np.sum(~flagged & ~bad)),
        "fn": int(np.sum(~flagged & bad)),
    }


def reference_precision_recall(scores: np.ndarray, labels: np.ndarray, threshold: float) -> tuple[float, float]:
    c = reference_counts(scores, labels, threshold)
    flagged, bad = c["tp"] + c["fp"], c["tp"] + c["fn"]
    return (c["tp"] / flagged if flagged else 0.0), (c["tp"] / bad if bad else 0.0)


def reference_threshold(scores: np.ndarray, labels: np.ndarray, target: float) -> float:
    bad = scores[labels == 1]
    for t in np.unique(scores)[::-1]:
        if np.count_nonzero(bad >= t) / len(bad) >= target:
            return float(t)
    raise AssertionError("a target above 1")


def _case(scores: Any, labels: Any, third: float, how: str = "array") -> dict:
    return {"scores": np.asarray(scores), "labels": np.asarray(labels, dtype=np.int64), "third": third, "kind": how}


def _describe(case: dict) -> str:
    s = case["scores"]
    kind_name = {"list": "lists", "tensor": "tensors", "array": "arrays"}[case["kind"]]
    return f"{len(s)} {s.dtype.name} scores and {len(case['labels'])} labels as {kind_name}"


def _random_case(rng: np.random.Generator, n: int, rate: float, decimals: int, how: str, dtype=np.float64) -> dict:
    scores = np.round(rng.random(n), decimals).astype(dtype)
    labels = (rng.random(n) < rate).astype(np.int64)
    labels[: max(1, int(rate * n) // 4)] = 1  # at least one bad post
    threshold = float(scores[int(rng.integers(0, n))])  # a score that is in the data: ties at the threshold
    return _case(scores, labels, threshold, how)


def _counts_problem(result: dict, case: dict, what: str) -> str | None:
    raised = _raised(result)
    if raised:
        return f"{what}: raised {raised}"
    value = result.get("value")
    if not isinstance(value, dict) or set(value) != {"tp", "fp", "tn", "fn"}:
        return f'{what}: return a dict with the keys "tp", "fp", "tn", "fn", got {kind(value)}'
    for key in ("tp", "fp", "tn", "fn"):
        if type(value[key]) is not int:
            return f"{what}: counts[{key!r}] must be an int, got {kind(value[key])}"
    want = reference_counts(case["scores"], case["labels"], case["third"])
    wrong = [key for key in ("tp", "fp", "tn", "fn") if value[key] != want[key]]
    if wrong:
        return f"{what}: wrong {', '.join(wrong)} (got {value})"
    return None


def _score_cases(rng: np.random.Generator) -> list[tuple[dict, str]]:
    """The cases shared by the hidden tests of confusion and precision_recall, each with a description."""
    cases = []
    for how in ("array", "list", "tensor"):
        case = _random_case(rng, 300, 0.2, 2, how)
        cases.append((case, f"{_describe(case)}, threshold {case['third']} (a score in the data)"))
    case = _random_case(rng, 200, 0.1, 1, "array")  # ten distinct scores: many ties
    cases.append((case, f"{_describe(case)} with many ties, threshold {case['third']}"))
    f32 = np.round(rng.random(40), 1).astype(np.float32)
    f32[:6] = np.float32(0.7)
    labels32 = (rng.random(40) < 0.5).astype(np.int64)
    labels32[:3] = 1
    labels32[3:6] = 0
    for how in ("array", "tensor"):
        cases.append((_case(f32, labels32, 0.7, how), f"float32 scores as {how}s, threshold 0.7"))
    case = _random_case(rng, 50, 0.3, 3, "array")
    cases.append((_case(case["scores"], case["labels"], 1.5), "threshold 1.5, above every score"))
    cases.append((_case(case["scores"], case["labels"], -0.5, "list"), "threshold -0.5, below every score"))
    cases.append((_case(case["scores"], np.zeros(50), 0.5), "labels all 0 (no bad posts)"))
    cases.append((_case(case["scores"], np.ones(50), 0.5, "tensor"), "labels all 1"))
    cases.append((_case(case["scores"], np.zeros(50), 1.5), "no bad posts and nothing flagged"))
    return cases


VISIBLE_SCORES = [0.1, 0.4, 0.35, 0.8]
VISIBLE_LABELS = [0, 0, 1, 1]


@judge("test_confusion")
def confusion_visible(ctx: Context) -> Probe:
    cases = [
        _case(VISIBLE_SCORES, VISIBLE_LABELS, 0.35, "list"),
        _case(np.array([0.7, 0.2, 0.9], np.float32), [0, 1, 1], 0.7, "tensor"),
        _case([0.5, 0.6, 0.7], [1, 0], 0.5, "list"),
    ]

    def decide(data: Any) -> Verdict:
        results = _results(data, len(cases))
        if results is None:
            return Verdict.failed("the test's result was incomplete")
        problems = []
        for case, result, what in zip(
            cases[:2], results[:2], ("threshold 0.35 (a tie)", "float32 tensor scores, threshold 0.7")
        ):
            problem = _counts_problem(result, case, what)
            if problem:
                problems.append(problem)
        problem = _error_problem(results[2], "3 scores and 2 labels")
        if problem:
            problems.append(problem)
        return Verdict.unless(problems, "confusion_counts is right on the examples")

    return Probe(probe_scores, {"function": "confusion_counts", "cases": cases}, decide)


@judge("test_confusion_hidden")
def confusion_hidden(ctx: Context) -> Probe:
    described = _score_cases(ctx.rng)
    unequal = [
        _case(np.linspace(0, 1, 5), [0, 1, 0, 1], 0.5),
        _case([0.2, 0.9, 0.4], [1, 0, 0, 1], 0.5, "list"),
        _case(np.linspace(0, 1, 4), [1, 0, 1], 0.5, "tensor"),
    ]
    cases = [c for c, _ in described] + unequal

    def decide(data: Any) -> Verdict:
        results = _results(data, len(cases))
        if results is None:
            return Verdict.failed("the test's result was incomplete")
        problems = []
        for (case, what), result in zip(described, results):
            problem = _counts_problem(result, case, what)
            if problem:
                problems.append(problem)
        for case, result in zip(unequal, results[len(described) :]):
            problem = _error_problem(result, f"{len(case['scores'])} scores and {len(case['labels'])} labels")
            if problem:
                problems.append(problem)
        return Verdict.unless(problems, "confusion_counts is right on every input")

    return Probe(probe_scores, {"function": "confusion_counts", "cases": cases}, decide)


def _pr_problem(result: dict, case: dict, what: str) -> str | None:
    raised = _raised(result)
    if raised:
        return f"{what}: raised {raised}"
    value = result.get("value")
    if not isinstance(value, list) or len(value) != 2 or result.get("is_tuple") is not True:
        return f"{what}: return a tuple (precision, recall), got {kind(value)}"
    if not all(type(v) is float for v in value):
        return f"{what}: precision and recall must be floats, got {kind(value[0])} and {kind(value[1])}"
    want = reference_precision_recall(case["scores"], case["labels"], case["third"])
    for name, got, w in zip(("precision", "recall"), value, want):
        if not abs(got - w) <= 1e-12:
            denominator = "nothing is flagged" if name == "precision" else "there is no bad post"
            hint = f" ({denominator}: 0 / 0 is reported as 0.0)" if w == 0.0 and got != got else ""
            return f"{what}: {name} is {got!r}, which is wrong{hint}"
    return None


@judge("test_precision_recall")
def precision_recall_visible(ctx: Context) -> Probe:
    cases = [
        _case(VISIBLE_SCORES, VISIBLE_LABELS, 0.35, "list"),
        _case(VISIBLE_SCORES, VISIBLE_LABELS, 0.9, "list"),
    ]

    def decide(data: Any) -> Verdict:
        results = _results(data, len(cases))
        if results is None:
            return Verdict.failed("the test's result was incomplete")
        whats = ("threshold 0.35", "threshold 0.9 (nothing flagged)")
        problems = [p for p in (_pr_problem(r, c, w) for r, c, w in zip(results, cases, whats)) if p]
        return Verdict.unless(problems, "precision_recall is right, and reports 0.0 for 0 / 0")

    return Probe(probe_scores, {"function": "precision_recall", "cases": cases}, decide)


@judge("test_precision_recall_hidden")
def precision_recall_hidden(ctx: Context) -> Probe:
    described = _score_cases(ctx.rng)
    cases = [c for c, _ in described]

    def decide(data: Any) -> Verdict:
        results = _results(data, len(cases))
        if results is None:
            return Verdict.failed("the test's result was incomplete")
        problems = [p for p in (_pr_problem(r, c, w) for r, (c, w) in zip(results, described)) if p]
        return Verdict.unless(problems, "precision_recall is right on every input, 0 / 0 included")

    return Probe(probe_scores, {"function": "precision_recall", "cases": cases}, decide)


# ------------------------------------------------------------------------------------- recall_threshold


def _threshold_problem(result: dict, case: dict, what: str) -> str | None:
    raised = _raised(result)
    if raised:
        return f"{what}: raised {raised}"
    value = number(result.get("value"))
    if value is None:
        return f"{what}: return a float, not {kind(result.get('value'))}"
    want = reference_threshold(case["scores"], case["labels"], case["third"])
    if value != want:
        scores, bad = case["scores"], case["scores"][case["labels"] == 1]
        if not np.any(scores.astype(np.float64) == value):
            return f"{what}: got {value!r}, which is not one of the scores"
        recall = np.count_nonzero(bad.astype(np.float64) >= value) / len(bad)
        side = "falls short of the target" if recall < case["third"] else "meets it, but a larger threshold does too"
        return f"{what}: got threshold {value!r}, whose recall {recall:.4g} {side}"
    return None


@judge("test_recall_threshold")
def recall_threshold_visible(ctx: Context) -> Probe:
    s, lab = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4], [1, 0, 1, 1, 0, 1]
    cases = [_case(s, lab, target, "list") for target in (0.75, 0.5, 1.0)]
    cases.append(_case([0.3, 0.2], [0, 0], 0.9, "list"))

    def decide(data: Any) -> Verdict:
        results = _results(data, len(cases))
        if results is None:
            return Verdict.failed("the test's result was incomplete")
        problems = [
            p
            for p in (_threshold_problem(r, c, f"target recall {c['third']}") for r, c in zip(results, cases[:3]))
            if p
        ]
        problem = _error_problem(results[3], "labels without a bad post")
        if problem:
            problems.append(problem)
        return Verdict.unless(problems, "threshold_for_recall is right on the examples")

    return Probe(probe_scores, {"function": "threshold_for_recall", "cases": cases}, decide)


# Targets whose recall is met exactly (k / P) and targets that fall between two recalls; for every count of bad
# posts used here, the smallest number of bad posts to catch is ceil(target * P) without rounding trouble.
EXACT_TARGETS = {20: (0.95, 0.9, 0.75, 0.5, 0.25, 1.0), 8: (0.75, 0.25, 0.875, 0.5), 16: (0.75, 0.9375, 0.5)}
BETWEEN_TARGETS = {20: (0.93, 0.62, 0.81, 0.07), 8: (0.8, 0.3, 0.99), 16: (0.95, 0.66)}


def _threshold_cases(rng: np.random.Generator) -> list[tuple[dict, str]]:
    cases = []
    hows = ("array", "list", "tensor")
    for bad_count in (20, 8, 16):
        n = 10 * bad_count
        scores = np.round(rng.beta(2, 5, n), 2)  # few distinct values: many ties, among bad posts too
        labels = np.zeros(n, np.int64)
        labels[rng.choice(n, bad_count, replace=False)] = 1
        scores[labels == 1] = np.maximum(scores[labels == 1], np.round(rng.beta(5, 2, bad_count), 2))
        for i, target in enumerate(EXACT_TARGETS[bad_count] + BETWEEN_TARGETS[bad_count]):
            how = hows[i % 3]
            case = _case(scores, labels, target, how)
            cases.append((case, f"{_describe(case)} ({bad_count} bad), target {target}"))
    ties = _case([0.9, 0.85, 0.8, 0.8, 0.8, 0.8, 0.3, 0.2], [1, 0, 1, 0, 1, 1, 1, 0], 0.6)
    cases.append((ties, "bad posts tied at 0.8, target 0.6"))
    f32 = np.round(rng.random(60), 2).astype(np.float32)
    labels32 = np.zeros(60, np.int64)
    labels32[rng.choice(60, 12, replace=False)] = 1
    for how, target in (("array", 0.75), ("tensor", 0.5), ("array", 0.9)):
        case = _case(f32, labels32, target, how)
        cases.append((case, f"{_describe(case)} (12 bad), target {target}"))
    one = _case([0.4, 0.6, 0.2], [0, 1, 0], 0.5, "list")
    cases.append((one, "one bad post, target 0.5"))
    return cases


@judge("test_recall_threshold_hidden")
def recall_threshold_hidden(ctx: Context) -> Probe:
    described = _threshold_cases(ctx.rng)
    no_bad = [_case(np.linspace(0.1, 0.9, 9), np.zeros(9), 0.9), _case([0.5, 0.7], [0, 0], 0.5, "tensor")]
    cases = [c for c, _ in described] + no_bad

    def decide(data: Any) -> Verdict:
        results = _results(data, len(cases))
        if results is None:
            return Verdict.failed("the test's result was incomplete")
        problems = [p for p in (_threshold_problem(r, c, w) for r, (c, w) in zip(results, described)) if p]
        for result in results[len(described) :]:
            problem = _error_problem(result, "labels without a bad post")
            if problem:
                problems.append(problem)
        return Verdict.unless(problems, "threshold_for_recall is right on every input, ties and exact targets too")

    return Probe(probe_scores, {"function": "threshold_for_recall", "cases": cases}, decide)


# ---------------------------------------------------------------------------------------- metric_choice

METRIC_KEY = {"house_price": "b", "nsfw_image": "c", "email_category": "d", "voice_owner": "e"}
METRIC_WHY = {
    "house_price": (
        "a price is a real number, so report the typical error in the price's own units, mean absolute error or "
        "RMSE (b): a buyer or seller understands an error of 20,000, and accuracy does not exist for a number"
    ),
    "nsfw_image": (
        "pornographic images are rare, so accuracy rewards never flagging anything (99% on 1% positives); precision "
        "and recall at the threshold you deploy (c) count the false alarms reviewers see and the images that get "
        "through"
    ),
    "email_category": (
        "the four categories are usually of very different sizes (promotional mail and spam dwarf reminders), so "
        "accuracy is dominated by the common ones, while per-class F1, macro-averaged (d), weighs every category "
        "equally and exposes a model that never finds reminders"
    ),
    "voice_owner": (
        "a verification task with two errors of very different cost (a stranger unlocks the phone; the owner is "
        "refused), so fix the false-reject rate owners accept and report the false-accept rate there, or the equal "
        "error rate (e); accuracy depends on the mix of owner and impostor attempts in the test set"
    ),
}


@judge("test_metric_choice_hidden")
def metric_choice(ctx: Context) -> Probe:
    return choice_probe("METRIC_FOR_TASK", METRIC_KEY, METRIC_WHY)
