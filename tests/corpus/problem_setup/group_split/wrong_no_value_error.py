# Wrong: never checks val_fraction, so 0, 1 and 1.5 do not raise ValueError.
def group_split(groups, val_fraction, seed=0):
    groups = np.asarray(groups)
    names = np.unique(groups)
    n_val = min(max(round(val_fraction * len(names)), 0), len(names))
    chosen = np.random.default_rng(seed).choice(names, size=n_val, replace=False)
    in_val = np.isin(groups, chosen)
    return np.flatnonzero(~in_val), np.flatnonzero(in_val)
