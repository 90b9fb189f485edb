# Right: accumulates the parts in a defaultdict(float), warns (warnings.warn) and writes to stderr at high degree.
import sys
import warnings
from collections import defaultdict


def bias_variance(degree, n_datasets=200, n_train=20, noise_std=0.3, seed=0):
    """Monte-Carlo estimate of bias^2, variance, noise and test error for polynomials of `degree`."""
    if degree >= 5:
        warnings.warn(f"degree {degree}: expect a large, heavy-tailed variance")
        print("high degree: the mean error is dominated by the edges", file=sys.stderr)
    rng = np.random.default_rng(seed)
    x_test = np.linspace(0, 1, 100)
    f_test = f_true(x_test)
    preds = np.empty((n_datasets, x_test.size))
    out = defaultdict(float)
    for i in range(n_datasets):
        x, y = make_dataset(n_train, noise_std, rng)
        preds[i] = predict_polynomial(fit_polynomial(x, y, degree), x_test)
        out["mse"] += np.sum((preds[i] - f_test - rng.normal(0.0, noise_std, x_test.size)) ** 2)
    out["mse"] /= preds.size
    out["bias2"] = np.mean((preds.mean(axis=0) - f_test) ** 2)
    out["variance"] = np.mean(np.var(preds, axis=0))
    out["noise"] = noise_std * noise_std
    return out
