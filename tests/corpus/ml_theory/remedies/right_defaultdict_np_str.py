# Right: a defaultdict(set) filled with np.str_ letters from a NumPy array, with a warning on the side.
import warnings
from collections import defaultdict

REMEDIES = defaultdict(set)
for _letter in np.array(list("bdfg")):
    REMEDIES["high_bias"].add(_letter)
for _letter in np.array(list("acehjk")):
    REMEDIES["high_variance"].add(_letter)
warnings.warn("remember: a remedy for one problem can make the other worse")
