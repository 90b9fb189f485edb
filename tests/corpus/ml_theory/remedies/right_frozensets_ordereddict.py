# Right: frozensets in an OrderedDict, and a print of the answer.
from collections import OrderedDict

REMEDIES = OrderedDict(
    [("high_variance", frozenset("acehjk")), ("high_bias", frozenset(["b", "d", "f", "g"]))]
)
print(REMEDIES)
