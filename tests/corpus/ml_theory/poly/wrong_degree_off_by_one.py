# Wrong: the Vandermonde matrix has `degree` columns instead of degree + 1 (one power too few).
def fit_polynomial(x, y, degree):
    """Least-squares polynomial of `degree` through the points (x, y): coefficients, highest power first."""
    V = np.vander(x, degree)
    return np.linalg.lstsq(V, y, rcond=None)[0]


def predict_polynomial(coeffs, x):
    """The polynomial with coefficients `coeffs` (highest power first), evaluated at every x."""
    return np.vander(x, len(coeffs)) @ coeffs
