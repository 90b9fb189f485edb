# A defaultdict(set) filled cause by cause; writes it to stderr and warns.
import sys
import warnings
from collections import defaultdict

CAUSES = defaultdict(set)
for curve, cause in [("A", "lr_too_low"), ("B", "shuffled_labels"), ("B", "lr_too_high"),
                     ("C", "numerical_instability"), ("C", "lr_too_high")]:
    CAUSES[curve].add(cause)
CAUSES["D"] |= set()
print(dict(CAUSES), file=sys.stderr)
warnings.warn("D has no cause: it fits the batch")
