# Wrong: bias^2 is the mean squared distance of each fit from f, not of the *average* fit (it absorbs the variance).
def bias_variance(degree, n_datasets=200, n_train=20, noise_std=0.3, seed=0):
    """Monte-Carlo estimate of bias^2, variance, noise and test error for polynomials of `degree`."""
    rng = np.random.default_rng(seed)
    x_test = np.linspace(0, 1, 100)
    f_test = f_true(x_test)
    preds = np.empty((n_datasets, x_test.size))
    sq_errors = np.empty(n_datasets)
    for i in range(n_datasets):
        x, y = make_dataset(n_train, noise_std, rng)
        preds[i] = predict_polynomial(fit_polynomial(x, y, degree), x_test)
        sq_errors[i] = np.mean((preds[i] - f_test - rng.normal(0, noise_std, x_test.size)) ** 2)
    return {
        "bias2": float(np.mean((preds - f_test) ** 2)),
        "variance": float(np.mean(preds.var(axis=0))),
        "noise": noise_std**2,
        "mse": float(sq_errors.mean()),
    }
