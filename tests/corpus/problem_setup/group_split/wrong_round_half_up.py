# Wrong: rounds the number of validation groups with int(x + 0.5), so 12.5 groups become 13 (Python's round gives 12).
def group_split(groups, val_fraction, seed=0):
    if not 0 < val_fraction < 1:
        raise ValueError("val_fraction must be in (0, 1)")
    groups = np.asarray(groups)
    names = np.unique(groups)
    n_val = int(val_fraction * len(names) + 0.5)
    chosen = np.random.default_rng(seed).choice(names, size=n_val, replace=False)
    in_val = np.isin(groups, chosen)
    return np.flatnonzero(~in_val), np.flatnonzero(in_val)
