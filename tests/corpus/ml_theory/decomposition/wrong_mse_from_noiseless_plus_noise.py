# Wrong: "mse" is the error against the noiseless f plus noise_std**2, an identity with the parts, not a measurement.
def bias_variance(degree, n_datasets=200, n_train=20, noise_std=0.3, seed=0):
    """Monte-Carlo estimate of bias^2, variance, noise and test error for polynomials of `degree`."""
    rng = np.random.default_rng(seed)
    x_test = np.linspace(0, 1, 100)
    f_test = f_true(x_test)
    preds = np.array([predict_polynomial(fit_polynomial(*make_dataset(n_train, noise_std, rng), degree), x_test)
                      for _ in range(n_datasets)])
    return {
        "bias2": np.mean((preds.mean(axis=0) - f_test) ** 2),
        "variance": np.mean(preds.var(axis=0)),
        "noise": noise_std**2,
        "mse": np.mean((preds - f_test) ** 2) + noise_std**2,
    }
