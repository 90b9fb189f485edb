# Right: one fresh noisy test set on the grid, shared by all the fits (a noisier but valid estimate of the test error).
def bias_variance(degree, n_datasets=200, n_train=20, noise_std=0.3, seed=0):
    """Monte-Carlo estimate of bias^2, variance, noise and test error for polynomials of `degree`."""
    rng = np.random.default_rng(seed)
    x_test = np.linspace(0, 1, 100)
    f_test = f_true(x_test)
    y_test = f_test + rng.normal(0, noise_std, x_test.size)
    preds = []
    for _ in range(n_datasets):
        x, y = make_dataset(n_train, noise_std, rng)
        preds.append(predict_polynomial(fit_polynomial(x, y, degree), x_test))
    preds = np.array(preds)
    mean_pred = preds.mean(axis=0)
    return {
        "bias2": float(((mean_pred - f_test) ** 2).mean()),
        "variance": float(((preds - mean_pred) ** 2).mean()),
        "noise": float(noise_std) ** 2,
        "mse": float(((preds - y_test) ** 2).mean()),
    }
