# Wrong: the variance is taken over the test grid within each dataset's predictions, not across datasets.
def bias_variance(degree, n_datasets=200, n_train=20, noise_std=0.3, seed=0):
    """Monte-Carlo estimate of bias^2, variance, noise and test error for polynomials of `degree`."""
    rng = np.random.default_rng(seed)
    x_test = np.linspace(0, 1, 100)
    f_test = f_true(x_test)
    preds, sq_errors = [], []
    for _ in range(n_datasets):
        x, y = make_dataset(n_train, noise_std, rng)
        pred = predict_polynomial(fit_polynomial(x, y, degree), x_test)
        preds.append(pred)
        sq_errors.append(np.mean((pred - (f_test + rng.normal(0, noise_std, x_test.size))) ** 2))
    preds = np.array(preds)
    return {
        "bias2": float(np.mean((preds.mean(axis=0) - f_test) ** 2)),
        "variance": float(np.mean(preds.var(axis=1))),
        "noise": noise_std**2,
        "mse": float(np.mean(sq_errors)),
    }
