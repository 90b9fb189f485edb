# Right: builds the columns x**k by hand and solves with a QR decomposition; prediction as a sum of powers.
def fit_polynomial(x, y, degree):
    """Least-squares polynomial of `degree` through the points (x, y): coefficients, highest power first."""
    x = np.asarray(x, dtype=float)
    A = np.column_stack([x**k for k in range(degree, -1, -1)])
    q, r = np.linalg.qr(A)
    return np.linalg.solve(r, q.T @ np.asarray(y, dtype=float))


def predict_polynomial(coeffs, x):
    """The polynomial with coefficients `coeffs` (highest power first), evaluated at every x."""
    x = np.asarray(x, dtype=float)
    degree = len(coeffs) - 1
    return sum(c * x ** (degree - i) for i, c in enumerate(coeffs)) + np.zeros_like(x)
