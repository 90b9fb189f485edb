# Wrong: uses NumPy's newer polynomial module, whose coefficients come lowest power first.
def fit_polynomial(x, y, degree):
    """Least-squares polynomial of `degree` through the points (x, y): coefficients, highest power first."""
    return np.polynomial.polynomial.polyfit(x, y, degree)


def predict_polynomial(coeffs, x):
    """The polynomial with coefficients `coeffs` (highest power first), evaluated at every x."""
    return np.polynomial.polynomial.polyval(x, coeffs)
