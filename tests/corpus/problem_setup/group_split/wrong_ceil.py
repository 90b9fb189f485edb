# Wrong: rounds the number of validation groups up with math.ceil (3.3 groups become 4).
import math


def group_split(groups, val_fraction, seed=0):
    if not 0 < val_fraction < 1:
        raise ValueError("val_fraction must be in (0, 1)")
    groups = np.asarray(groups)
    names = np.unique(groups)
    chosen = np.random.default_rng(seed).choice(names, size=math.ceil(val_fraction * len(names)), replace=False)
    in_val = np.isin(groups, chosen)
    return np.flatnonzero(~in_val), np.flatnonzero(in_val)
