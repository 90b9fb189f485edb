# Wrong: searches all 400 examples for the nearest neighbour (the validation example finds itself), so both are 1.0.
def leakage_gap(seed=0):
    x, y, groups = make_grouped_data(seed)

    def acc(train, val):
        d = ((x[val, None, :] - x[None, :, :]) ** 2).sum(-1)
        return float(np.mean(y[d.argmin(1)] == y[val]))

    order = np.random.default_rng(seed).permutation(len(y))
    train, val = group_split(groups, 0.25, seed)
    return acc(order[100:], order[:100]), acc(train, val)
