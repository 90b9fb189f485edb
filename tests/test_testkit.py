"""The helpers test cells import: digests and call guards."""

from __future__ import annotations

import math

import pytest
import torch

from mlexam.testkit import ForbiddenCall, answer_digest, canonical, digest_matches, forbid_calls


def test_equal_answers_have_one_digest():
    a = {"B": {"lr_too_high", "shuffled_labels"}, "A": {"lr_too_low"}}
    b = dict(A={"lr_too_low"}, B={"shuffled_labels", "lr_too_high"})
    assert canonical(a) == canonical(b)
    assert answer_digest(a, "s") == answer_digest(b, "s")
    assert digest_matches(b, "s", answer_digest(a, "s"))


def test_different_answers_salts_and_types_differ():
    d = answer_digest({"x"}, "s")
    assert not digest_matches({"x", "y"}, "s", d)
    assert not digest_matches({"x"}, "other salt", d)
    assert not digest_matches(["x"], "s", d), "a list is not a set"
    assert not digest_matches("x", "s", d)


def test_look_alike_answers_are_refused():
    class AlwaysEqual(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    class Anything:
        def __eq__(self, other):
            return True

    d = answer_digest("c", "s")
    assert not digest_matches(AlwaysEqual("x"), "s", d)
    assert not digest_matches(Anything(), "s", d)
    with pytest.raises(TypeError):
        canonical({"a": Anything()})


def test_forbid_calls_traps_and_restores():
    original = torch.nn.functional.cross_entropy
    with forbid_calls([(torch.nn.functional, "cross_entropy"), (math, "sqrt")]):
        with pytest.raises(ForbiddenCall, match="cross_entropy"):
            torch.nn.functional.cross_entropy(torch.zeros(1, 2), torch.zeros(1, dtype=torch.long))
        with pytest.raises(ForbiddenCall):
            math.sqrt(4.0)
    assert torch.nn.functional.cross_entropy is original
    assert math.sqrt(4.0) == 2.0


def test_forbid_calls_restores_after_an_error():
    original = math.sqrt
    with pytest.raises(ZeroDivisionError), forbid_calls([(math, "sqrt")]):
        raise ZeroDivisionError
    assert math.sqrt is original
