# Right: pure Python: a dict from group to its indices, random.Random(seed).sample, sorted lists turned into arrays.
import random


def group_split(groups, val_fraction, seed=0):
    if not (val_fraction > 0 and val_fraction < 1):
        raise ValueError("val_fraction must lie strictly between 0 and 1")
    members = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    names = sorted(members, key=str)
    n_val = round(val_fraction * len(names))
    chosen = set(random.Random(seed).sample(names, n_val))
    train, val = [], []
    for g in names:
        (val if g in chosen else train).extend(members[g])
    return np.array(sorted(train), dtype=np.int64), np.array(sorted(val), dtype=np.int64)
