# Wrong: returns the indices group by group, in the shuffled order of the groups, not sorted ascending.
def group_split(groups, val_fraction, seed=0):
    if not 0 < val_fraction < 1:
        raise ValueError("val_fraction must be in (0, 1)")
    groups = np.asarray(groups)
    names = np.random.default_rng(seed).permutation(np.unique(groups))
    n_val = round(val_fraction * len(names))
    val = np.concatenate([np.flatnonzero(groups == g) for g in names[:n_val]])
    train = np.concatenate([np.flatnonzero(groups == g) for g in names[n_val:]])
    return train, val
