"""Helpers that the notebooks' test cells import.

It holds no answers: choice answers are compared by salted digest, and the
"must not call the built-in" rules are checked by swapping built-ins for
functions that raise while the learner's code runs.
"""

from mlexam.testkit.digest import answer_digest, canonical, digest_matches
from mlexam.testkit.guards import ForbiddenCall, forbid_calls

__all__ = ["ForbiddenCall", "answer_digest", "canonical", "digest_matches", "forbid_calls"]
