# Wrong: the fit is right, but the prediction reverses the coefficients (treats them as lowest power first).
def fit_polynomial(x, y, degree):
    """Least-squares polynomial of `degree` through the points (x, y): coefficients, highest power first."""
    return np.polyfit(x, y, degree)


def predict_polynomial(coeffs, x):
    """The polynomial with coefficients `coeffs` (highest power first), evaluated at every x."""
    return np.polyval(coeffs[::-1], x)
