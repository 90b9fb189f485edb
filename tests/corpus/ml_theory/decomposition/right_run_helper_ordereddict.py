# Right: a private helper `_run` per training set, np.float64 values in an OrderedDict, and a progress print.
from collections import OrderedDict


def _run(rng, degree, n_train, noise_std, x_test, f_test):
    x, y = make_dataset(n_train, noise_std, rng)
    pred = predict_polynomial(fit_polynomial(x, y, degree), x_test)
    fresh = f_test + rng.normal(0.0, noise_std, x_test.size)
    return pred, np.mean((pred - fresh) ** 2)


def bias_variance(degree, n_datasets=200, n_train=20, noise_std=0.3, seed=0):
    """Monte-Carlo estimate of bias^2, variance, noise and test error for polynomials of `degree`."""
    rng = np.random.default_rng(seed)
    x_test = np.linspace(0, 1, 100)
    f_test = f_true(x_test)
    runs = [_run(rng, degree, n_train, noise_std, x_test, f_test) for _ in range(n_datasets)]
    preds = np.array([p for p, _ in runs])
    result = OrderedDict()
    result["bias2"] = np.float64(np.mean((preds.mean(axis=0) - f_test) ** 2))
    result["variance"] = np.float64(preds.var(axis=0).mean())
    result["noise"] = np.float64(noise_std) ** 2
    result["mse"] = np.float64(np.mean([e for _, e in runs]))
    print(f"degree {degree}: {n_datasets} training sets, mse {result['mse']:.4f}")
    return result
