# Wrong: ignores seed and measures the notebook's seed-0 data (the globals x, y, groups) every time.
def leakage_gap(seed=0):
    def acc(train, val):
        d = ((x[val, None, :] - x[None, train, :]) ** 2).sum(-1)
        return float(np.mean(y[train][d.argmin(1)] == y[val]))

    order = np.random.default_rng(seed).permutation(len(y))
    train, val = group_split(groups, 0.25, seed)
    return acc(order[100:], order[:100]), acc(train, val)
