"""The judging package's parts, one by one: plain data out of the kernel, untrusted data read back, verdicts
that nbgrader scores exactly, and "must not call" read from source."""

from __future__ import annotations

import collections
import json

import numpy as np
import pytest
import torch
from nbformat import NotebookNode
from nbgrader.utils import determine_grade

from mlexam.course.judging import Foreign, Item, Verdict, array_problem, choice_verdict, forbidden_references
from mlexam.course.judging.untrusted import MAX_BYTES, Malformed, load, probe_result
from mlexam.course.judging.verdict import neutral, verdict_outputs
from mlexam.testkit.probe import MIME, plain, record_ops

pytestmark = pytest.mark.unit


def through_json(value):
    return load(json.loads(json.dumps(plain(value))))


def test_standard_and_numpy_subclasses_become_their_base_type():
    class Loud(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    got = through_json(
        [collections.OrderedDict(a=1), collections.defaultdict(int, b=2), frozenset({3}), np.str_("x"), Loud("y")]
    )
    assert got == [{"a": 1}, {"b": 2}, frozenset({3}), "x", "y"]
    assert [type(v) for v in got] == [dict, dict, frozenset, str, str]
    assert through_json([np.float64(1.5), np.int64(3), np.bool_(True), (1, 2)]) == [1.5, 3, True, [1, 2]]
    assert type(through_json(np.int64(3))) is int and type(through_json(np.float32(0.5))) is float


def test_objects_that_only_claim_equality_earn_nothing():
    class Agree:
        def __eq__(self, other):
            return True

    class Sly(float):
        def __eq__(self, other):
            return True

        __hash__ = float.__hash__

    assert isinstance(through_json(Agree()), Foreign)
    assert through_json(Sly(0.25)) == 0.25 and type(through_json(Sly(0.25))) is float  # its real value, nothing else
    assert isinstance(through_json({1: "a"}), Foreign)  # a dict whose keys are not str


def test_arrays_and_tensors_travel_by_dtype_shape_and_bytes():
    tensor = torch.arange(6, dtype=torch.float64).reshape(2, 3).requires_grad_()
    got = through_json({"t": tensor * 2, "a": np.eye(2, dtype=np.float32)})
    assert got["t"].dtype == np.float64 and got["t"].shape == (2, 3) and got["t"][1, 2] == 10.0
    assert got["a"].dtype == np.float32 and np.array_equal(got["a"], np.eye(2))
    zero_dim = through_json(torch.tensor(2.5))
    assert zero_dim.shape == () and zero_dim == 2.5
    nan, inf = through_json([float("nan"), np.float64("-inf")])
    assert np.isnan(nan) and inf == float("-inf")


@pytest.mark.parametrize(
    "bad",
    [
        {"__array__": {"dtype": "|O", "shape": [1], "data": ""}},  # objects: never rebuilt
        {"__array__": {"dtype": "<f8", "shape": [3], "data": "AAAAAAAAAAA="}},  # 8 bytes for 24
        {"__array__": {"dtype": "<f8", "shape": [-1], "data": ""}},
        {"__array__": {"dtype": "<f8", "shape": [1], "data": "not base64!"}},
        {"__set__": [[1], [2]]},  # unhashable items
    ],
)
def test_malformed_data_is_refused(bad):
    with pytest.raises(Malformed):
        load(bad)


def _display(data) -> NotebookNode:
    return NotebookNode(output_type="display_data", data={MIME: data}, metadata={})


def test_a_probe_cell_gives_one_result_or_says_why_not():
    assert probe_result([_display({"ok": [1, 2]})], MIME) == ("ok", [1, 2])
    assert probe_result([_display({"error": {"type": "ValueError", "message": "no"}})], MIME)[0] == "error"
    assert probe_result([], MIME)[0] == "missing"
    assert probe_result([_display({"ok": 1}), _display({"ok": 2})], MIME)[0] == "duplicated"
    assert probe_result([_display({"ok": "x" * (MAX_BYTES + 1)})], MIME)[0] == "oversized"
    assert probe_result([_display({"ok": 1, "error": 2})], MIME)[0] == "malformed"
    assert probe_result([_display("[not json")], MIME)[0] == "malformed"


@pytest.mark.parametrize(("fraction", "expected"), [(1.0, 3.0), (0.5, 1.5), (0.0, 0.0), (2.0, 3.0), (-1.0, 0.0)])
def test_nbgrader_records_exactly_the_judged_score(fraction, expected):
    cell = NotebookNode(
        cell_type="code",
        source="",
        metadata={"nbgrader": {"grade": True, "solution": False, "grade_id": "test_x", "points": 3}},
    )
    kernel = [  # what a learner's kernel might have put there: none of it may count
        NotebookNode(output_type="execute_result", data={"text/plain": "3"}, metadata={}, execution_count=1),
        NotebookNode(output_type="stream", name="stderr", text="a warning\n"),
        NotebookNode(output_type="error", ename="AssertionError", evalue="x", traceback=[]),
    ]
    verdict = Verdict(fraction, "why")
    cell.outputs = verdict_outputs("test_x", verdict, 3.0) + [neutral(o) for o in kernel]
    assert determine_grade(cell) == (expected, 3.0)


def test_verdicts_all_or_nothing_and_per_item():
    assert Verdict.unless([]).fraction == 1.0
    failed = Verdict.unless([f"case {i}" for i in range(6)])
    assert failed.fraction == 0.0 and "(and 2 more)" in failed.message
    items = [Item("a", True, "why a"), Item("b", False, "why b"), Item("c", True, "why c"), Item("d", True, "why d")]
    assert Verdict.per_item(items).points(4.0) == 3.0


def test_choice_questions_are_judged_item_by_item():
    key, why = {"x": "a", "y": "b", "z": "c"}, {"x": "x is a.", "y": "y is b.", "z": "z is c."}
    verdict = choice_verdict({"x": "a", "y": "c", "z": Foreign("Loud")}, key, why, label="item {}".format)
    assert verdict.fraction == pytest.approx(1 / 3)
    assert verdict.items == (
        Item("item x", True, "x is a."),
        Item("item y", False, "y is b. (you said 'c')"),
        Item("item z", False, "z is c. (you said <an object of type Loud>)"),
    )
    assert choice_verdict(["a", "b", "c"], key, why).fraction == 0.0  # not a dict: nothing answered
    sets = {"A": frozenset({"p", "q"}), "B": frozenset()}
    got = choice_verdict({"A": frozenset({"q", "p"}), "B": ["p"]}, sets, {"A": "A.", "B": "B."}, shown=lambda v: "it")
    assert [item.ok for item in got.items] == [True, False] and got.items[1].why == "B. (you said it)"


def test_comparisons_say_what_is_wrong():
    want = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert array_problem(want.copy(), want, 1e-6, 0, "x") is None
    odd = np.array([np.nan, np.inf, 1.0])
    assert array_problem(odd.copy(), odd, 1e-6, 0, "x") is None  # nan where the reference has nan is right
    assert "not finite" in array_problem(np.array([np.nan, -np.inf, 1.0]), odd, 1e-6, 0, "x")
    assert "shape (4,)" in array_problem(want.ravel(), want, 1e-6, 0, "x")
    assert "index (1, 0)" in array_problem(want + np.array([[0, 0], [1, 0]]), want, 1e-6, 0, "x")
    assert "expected an array" in array_problem(Foreign("Liar"), want, 1e-6, 0, "x")


def test_must_not_call_finds_every_form_of_reference():
    banned = {"log_softmax", "cross_entropy"}
    assert forbidden_references("def cross_entropy(z, k):\n    return (z.logsumexp(1) - z[k]).mean()\n", banned) == []
    for source in (
        "from torch.nn.functional import log_softmax\n",
        "from torch.nn.functional import log_softmax as ls\n",
        "import torch.nn.functional as F\ny = F.log_softmax(x, 1)\n",
        "y = x.log_softmax(1)\n",
        "op = getattr(torch, 'log_softmax')\n",
        "def cross_entropy(z, k):\n    return torch.nn.functional.cross_entropy(z, k)\n",
    ):
        assert forbidden_references(source, banned), source
    assert forbidden_references("this is not python (", banned) == []


def test_operations_that_ran_are_recorded():
    z, k = torch.randn(3, 4, requires_grad=True), torch.tensor([0, 1, 2])
    bound = torch.nn.functional.log_softmax  # as a learner's earlier cell could keep it, before any ban
    calls = {
        "torch.nn.functional": lambda: torch.nn.functional.cross_entropy(z, k),
        "a Tensor method": lambda: z.log_softmax(1),
        "torch.ops.aten": lambda: torch.ops.aten.log_softmax.int(z, 1),
        "a name bound before": lambda: bound(z, 1),
    }
    for how, call in calls.items():
        with record_ops() as ops:
            call().sum().backward()
        assert {"log_softmax", "_log_softmax", "_log_softmax_backward_data"} <= ops, how
    x, h, c = torch.randn(2, 3), torch.randn(2, 5), torch.randn(2, 5)
    w_ih, w_hh = torch.randn(20, 3), torch.randn(20, 5)
    with record_ops() as ops:  # a composite operation, which runs as the plain ones it is made of
        torch.lstm_cell(x, (h, c), w_ih, w_hh)
    assert "lstm_cell" in ops and "lstm" not in ops
    with pytest.raises(ValueError), record_ops() as ops:  # what ran before an error counts
        torch.nn.functional.batch_norm(x, None, None, training=True)
        raise ValueError
    assert {"batch_norm", "native_batch_norm"} <= ops
    with record_ops() as ops:
        torch.logsumexp(z, dim=1)
    assert not ops & {"log_softmax", "_log_softmax"}
