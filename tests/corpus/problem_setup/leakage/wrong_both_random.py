# Wrong: (b) is a second random split of the examples instead of a split by group_split.
def leakage_gap(seed=0):
    x, y, groups = make_grouped_data(seed)

    def acc(train, val):
        d = ((x[val, None, :] - x[None, train, :]) ** 2).sum(-1)
        return float(np.mean(y[train][d.argmin(1)] == y[val]))

    rng = np.random.default_rng(seed)
    first, second = rng.permutation(len(y)), rng.permutation(len(y))
    return acc(first[100:], first[:100]), acc(second[100:], second[:100])
