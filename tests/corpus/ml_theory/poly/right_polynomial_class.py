# Right: np.polynomial.Polynomial.fit converted to the plain power basis and reversed; Horner's rule to predict.
from numpy.polynomial import Polynomial


def fit_polynomial(x, y, degree):
    """Least-squares polynomial of `degree` through the points (x, y): coefficients, highest power first."""
    coef = Polynomial.fit(x, y, degree).convert().coef      # lowest power first
    coef = np.pad(coef, (0, degree + 1 - len(coef)))        # convert() may trim trailing zeros
    return coef[::-1].copy()


def predict_polynomial(coeffs, x):
    """The polynomial with coefficients `coeffs` (highest power first), evaluated at every x."""
    x = np.asarray(x, dtype=float)
    result = np.zeros_like(x)
    for c in coeffs:
        result = result * x + c
    return result
