# Wrong: not random: always the first groups in sorted order go to validation, whatever the seed.
def group_split(groups, val_fraction, seed=0):
    if not 0 < val_fraction < 1:
        raise ValueError("val_fraction must be in (0, 1)")
    groups = np.asarray(groups)
    names = np.unique(groups)
    chosen = names[: round(val_fraction * len(names))]
    in_val = np.isin(groups, chosen)
    return np.flatnonzero(~in_val), np.flatnonzero(in_val)
