# Wrong: splits the examples, not the groups: a random quarter of the indices, so users straddle both sides.
def group_split(groups, val_fraction, seed=0):
    if not 0 < val_fraction < 1:
        raise ValueError("val_fraction must be in (0, 1)")
    n = len(groups)
    order = np.random.default_rng(seed).permutation(n)
    n_val = round(val_fraction * n)
    return np.sort(order[n_val:]), np.sort(order[:n_val])
