"""Salted digests of choice answers, so that no test holds an answer in plain text."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    """The value as plain JSON data; look-alike objects (subclasses, proxies) are refused."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind in (set, frozenset):
        items = [_plain(v) for v in value]
        return {"set": sorted(items, key=lambda v: json.dumps(v, sort_keys=True))}
    if kind in (list, tuple):
        return [_plain(v) for v in value]
    if kind is dict:
        if any(type(k) is not str for k in value):
            raise TypeError("answer dictionaries must have str keys")
        return {"dict": {k: _plain(v) for k, v in sorted(value.items())}}
    raise TypeError(f"an answer must be built from str, numbers, sets, lists and dicts, not {kind.__name__}")


def canonical(value: Any) -> str:
    """One text for every equal answer: sets are sorted, dict keys ordered."""
    return json.dumps(_plain(value), sort_keys=True, separators=(",", ":"))


def answer_digest(value: Any, salt: str) -> str:
    """The salted SHA-256 of an answer's canonical text."""
    return hashlib.sha256(f"{salt}\x00{canonical(value)}".encode()).hexdigest()


def digest_matches(value: Any, salt: str, digest: str) -> bool:
    """Whether `value` is the answer whose salted digest is `digest`; never raises."""
    try:
        mine = answer_digest(value, salt)
    except (TypeError, ValueError, RecursionError):
        return False
    return hmac.compare_digest(mine, digest)
