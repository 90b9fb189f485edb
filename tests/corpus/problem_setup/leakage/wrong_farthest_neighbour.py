# Wrong: argmax instead of argmin: predicts the label of the farthest training example.
def leakage_gap(seed=0):
    x, y, groups = make_grouped_data(seed)

    def acc(train, val):
        d = ((x[val, None, :] - x[None, train, :]) ** 2).sum(-1)
        return float(np.mean(y[train][d.argmax(1)] == y[val]))

    order = np.random.default_rng(seed).permutation(len(y))
    random_acc = acc(order[100:], order[:100])
    return random_acc, acc(*group_split(groups, 0.25, seed))
