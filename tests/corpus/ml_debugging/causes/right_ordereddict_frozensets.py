# An OrderedDict of frozensets, printed.
from collections import OrderedDict

CAUSES = OrderedDict(
    [
        ("A", frozenset({"lr_too_low"})),
        ("B", frozenset({"shuffled_labels", "lr_too_high"})),
        ("C", frozenset({"numerical_instability", "lr_too_high"})),
        ("D", frozenset()),
    ]
)
print(CAUSES)
