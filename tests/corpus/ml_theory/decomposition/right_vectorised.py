# Right: draws all training sets and test noise as matrices up front (another random order), sample variance (ddof=1).
def bias_variance(degree, n_datasets=200, n_train=20, noise_std=0.3, seed=0):
    """Monte-Carlo estimate of bias^2, variance, noise and test error for polynomials of `degree`."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(0.0, 1.0, size=(n_datasets, n_train))
    Y = np.sin(2 * np.pi * X) + noise_std * rng.standard_normal(X.shape)
    grid = np.linspace(0, 1, 100)
    truth = np.sin(2 * np.pi * grid)
    targets = truth + noise_std * rng.standard_normal((n_datasets, grid.size))
    P = np.stack([predict_polynomial(fit_polynomial(x, y, degree), grid) for x, y in zip(X, Y)])
    return dict(
        bias2=((P.mean(axis=0) - truth) ** 2).mean(),
        variance=P.var(axis=0, ddof=1).mean(),
        noise=noise_std**2,
        mse=((P - targets) ** 2).mean(),
    )
