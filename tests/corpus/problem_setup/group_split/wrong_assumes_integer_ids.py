# Wrong: assumes the groups are the integers 0..G-1 (np.bincount), which breaks on strings and arbitrary ids.
def group_split(groups, val_fraction, seed=0):
    if not 0 < val_fraction < 1:
        raise ValueError("val_fraction must be in (0, 1)")
    groups = np.asarray(groups)
    sizes = np.bincount(groups)
    n_groups = int(np.count_nonzero(sizes))
    chosen = np.random.default_rng(seed).choice(np.flatnonzero(sizes), size=round(val_fraction * n_groups), replace=False)
    in_val = np.isin(groups, chosen)
    return np.flatnonzero(~in_val), np.flatnonzero(in_val)
