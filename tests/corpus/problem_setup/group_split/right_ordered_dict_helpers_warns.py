# Right: an OrderedDict of groups, private helpers (_check, _run), np.int64 arrays; it warns, prints and writes to stderr.
import sys
import warnings
from collections import OrderedDict


def _check(val_fraction):
    if not 0 < val_fraction < 1:
        raise ValueError("val_fraction must be in (0, 1)")


def _run(members, chosen):
    val = [i for g in chosen for i in members[g]]
    train = [i for g in members if g not in set(chosen) for i in members[g]]
    return np.sort(np.array(train, dtype=np.int64)), np.sort(np.array(val, dtype=np.int64))


def group_split(groups, val_fraction, seed=0):
    _check(val_fraction)
    members = OrderedDict()
    for i, g in enumerate(np.asarray(groups).tolist()):
        members.setdefault(g, []).append(i)
    n_val = round(val_fraction * len(members))
    keys = list(members)
    picked = np.random.default_rng(seed).permutation(len(keys))[:n_val]
    chosen = [keys[j] for j in picked]
    if n_val < 2:
        warnings.warn("very few validation groups")
    print(f"group_split: {n_val} of {len(keys)} groups to validation")
    sys.stderr.write("group_split done\n")
    return _run(members, chosen)
