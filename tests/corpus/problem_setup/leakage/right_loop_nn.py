# Right: a loop over the validation examples with np.linalg.norm; the random split by rng.choice without replacement.
def leakage_gap(seed=0):
    x, y, groups = make_grouped_data(seed)

    def accuracy(train, val):
        hits = 0
        for i in val:
            nearest = train[np.argmin(np.linalg.norm(x[train] - x[i], axis=1))]
            hits += int(y[nearest] == y[i])
        return hits / len(val)

    rng = np.random.default_rng(seed)
    val = rng.choice(len(y), size=len(y) // 4, replace=False)
    train = np.setdiff1d(np.arange(len(y)), val)
    random_acc = accuracy(train, val)
    train, val = group_split(groups, 0.25, seed=seed)
    return random_acc, accuracy(train, val)
