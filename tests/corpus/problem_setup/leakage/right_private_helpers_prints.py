# Right: private helpers (_ratio, _run), np.float64 accuracies, and a print and a warning along the way.
import warnings


def _ratio(hits, total):
    return np.float64(hits) / np.float64(total)


def _run(x, y, train, val):
    d2 = (x[val] ** 2).sum(1)[:, None] - 2 * x[val] @ x[train].T + (x[train] ** 2).sum(1)[None, :]
    predicted = y[train][np.argmin(d2, axis=1)]
    return _ratio(np.sum(predicted == y[val]), len(val))


def leakage_gap(seed=0):
    x, y, groups = make_grouped_data(seed)
    perm = np.random.default_rng(seed + 1).permutation(len(y))
    a = _run(x, y, np.sort(perm[100:]), np.sort(perm[:100]))
    b = _run(x, y, *group_split(groups, 0.25, seed))
    print(f"seed {seed}: {a:.3f} vs {b:.3f}")
    if a - b > 0.3:
        warnings.warn("the random split leaks")
    return a, b
