# Wrong: least squares without the constant column (the fit is forced through the origin), padded with a zero.
def fit_polynomial(x, y, degree):
    """Least-squares polynomial of `degree` through the points (x, y): coefficients, highest power first."""
    V = np.vander(x, degree + 1)[:, :-1]
    coeffs = np.linalg.lstsq(V, y, rcond=None)[0]
    return np.append(coeffs, 0.0)


def predict_polynomial(coeffs, x):
    """The polynomial with coefficients `coeffs` (highest power first), evaluated at every x."""
    out = np.zeros_like(x, dtype=float)
    for c in coeffs:
        out = out * x + c
    return out
