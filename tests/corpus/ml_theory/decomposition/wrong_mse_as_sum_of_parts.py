# Wrong: "mse" is computed as bias2 + variance + noise instead of measured against fresh noisy targets.
def bias_variance(degree, n_datasets=200, n_train=20, noise_std=0.3, seed=0):
    """Monte-Carlo estimate of bias^2, variance, noise and test error for polynomials of `degree`."""
    rng = np.random.default_rng(seed)
    x_test = np.linspace(0, 1, 100)
    f_test = f_true(x_test)
    preds = np.empty((n_datasets, x_test.size))
    for i in range(n_datasets):
        x, y = make_dataset(n_train, noise_std, rng)
        preds[i] = predict_polynomial(fit_polynomial(x, y, degree), x_test)
    bias2 = float(np.mean((preds.mean(axis=0) - f_test) ** 2))
    variance = float(np.mean(preds.var(axis=0)))
    noise = float(noise_std**2)
    return {"bias2": bias2, "variance": variance, "noise": noise, "mse": bias2 + variance + noise}
