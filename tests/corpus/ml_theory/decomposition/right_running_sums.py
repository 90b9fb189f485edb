# Right: a loop that keeps running sums (no prediction matrix) and calls np.polyfit / np.polyval directly.
def bias_variance(degree, n_datasets=200, n_train=20, noise_std=0.3, seed=0):
    """Monte-Carlo estimate of bias^2, variance, noise and test error for polynomials of `degree`."""
    rng = np.random.default_rng(seed)
    grid = np.linspace(0, 1, 100)
    f_grid = f_true(grid)
    total = np.zeros_like(grid)
    total_sq = np.zeros_like(grid)
    err = 0.0
    for _ in range(n_datasets):
        x = rng.uniform(0, 1, n_train)
        y = f_true(x) + rng.normal(0, noise_std, n_train)
        p = np.polyval(np.polyfit(x, y, degree), grid)
        total += p
        total_sq += p**2
        err += np.sum((p - (f_grid + rng.normal(0, noise_std, grid.size))) ** 2)
    mean = total / n_datasets
    var = total_sq / n_datasets - mean**2
    return {"bias2": np.mean((mean - f_grid) ** 2), "variance": np.mean(var),
            "noise": noise_std**2, "mse": err / (n_datasets * grid.size)}
