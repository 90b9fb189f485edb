# Right: least squares on a Vandermonde matrix with np.linalg.lstsq; prediction by the same matrix.
def fit_polynomial(x, y, degree):
    """Least-squares polynomial of `degree` through the points (x, y): coefficients, highest power first."""
    V = np.vander(np.asarray(x, dtype=float), degree + 1)
    coeffs, *_ = np.linalg.lstsq(V, np.asarray(y, dtype=float), rcond=None)
    return coeffs


def predict_polynomial(coeffs, x):
    """The polynomial with coefficients `coeffs` (highest power first), evaluated at every x."""
    return np.vander(np.asarray(x, dtype=float), len(coeffs)) @ np.asarray(coeffs, dtype=float)
