# Wrong: the generator is re-created inside the loop, so every "dataset" is the same one (variance 0).
def bias_variance(degree, n_datasets=200, n_train=20, noise_std=0.3, seed=0):
    """Monte-Carlo estimate of bias^2, variance, noise and test error for polynomials of `degree`."""
    x_test = np.linspace(0, 1, 100)
    f_test = f_true(x_test)
    preds = np.empty((n_datasets, x_test.size))
    sq_errors = np.empty(n_datasets)
    for i in range(n_datasets):
        rng = np.random.default_rng(seed)
        x, y = make_dataset(n_train, noise_std, rng)
        preds[i] = predict_polynomial(fit_polynomial(x, y, degree), x_test)
        sq_errors[i] = np.mean((preds[i] - f_test - rng.normal(0, noise_std, x_test.size)) ** 2)
    return {
        "bias2": float(np.mean((preds.mean(axis=0) - f_test) ** 2)),
        "variance": float(np.mean(preds.var(axis=0))),
        "noise": noise_std**2,
        "mse": float(sq_errors.mean()),
    }
