# Wrong: ignores seed and draws from NumPy's global generator, so the same seed gives a different split each call.
def group_split(groups, val_fraction, seed=0):
    if not 0 < val_fraction < 1:
        raise ValueError("val_fraction must be in (0, 1)")
    groups = np.asarray(groups)
    names = np.unique(groups)
    chosen = np.random.choice(names, size=round(val_fraction * len(names)), replace=False)
    in_val = np.isin(groups, chosen)
    return np.flatnonzero(~in_val), np.flatnonzero(in_val)
