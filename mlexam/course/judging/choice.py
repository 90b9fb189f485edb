"""Choice questions: the learner's dict gives one answer per item (a label, or a frozenset of labels); each item
is right or wrong on its own, with the reason why its answer is right, and earns an equal share of the points."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

from mlexam.course.judging.registry import Probe
from mlexam.course.judging.verdict import Item, Verdict


def probe_value(learner: object, inputs: dict) -> object:
    """The value of one of the learner's names, as data (a probe: its source runs in the kernel, so its hints name
    built-ins only)."""
    return getattr(learner, inputs["name"])


def choice_verdict(
    answer: Any,
    key: Mapping[str, Hashable],
    why: Mapping[str, str],
    label: Callable[[str], str] = str,
    shown: Callable[[Any], str] = repr,
) -> Verdict:
    """One item per entry of `key`: right when `answer` (untrusted: anything but a dict answers nothing) gives
    that item an answer of the key's type equal to the key's. Its reason is `why[item]`, and when it is wrong, what
    the learner said (as `shown` writes it); `label` names the item."""
    given = answer if isinstance(answer, dict) else {}
    items = []
    for item, right in key.items():
        mine = given.get(item)
        ok = isinstance(mine, type(right)) and mine == right
        items.append(Item(label(item), ok, why[item] + ("" if ok else f" (you said {shown(mine)})")))
    return Verdict.per_item(items)


def choice_probe(
    name: str,
    key: Mapping[str, Hashable],
    why: Mapping[str, str],
    label: Callable[[str], str] = str,
    shown: Callable[[Any], str] = repr,
) -> Probe:
    """The probe of a choice question whose answer is the learner's dict `name`, judged by `choice_verdict`."""
    return Probe(probe_value, {"name": name}, lambda answer: choice_verdict(answer, key, why, label, shown))
