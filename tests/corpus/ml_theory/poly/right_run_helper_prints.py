# Right: private helpers `_run` and `_ratio`, prints and writes to stderr when the fit interpolates.
import sys


def _ratio(a, b):
    return a / b


def _run(V, y):
    coeffs, *_ = np.linalg.lstsq(V, y, rcond=None)
    return coeffs


def fit_polynomial(x, y, degree):
    """Least-squares polynomial of `degree` through the points (x, y): coefficients, highest power first."""
    x = np.asarray(x, dtype=float)
    scale = max(float(np.max(np.abs(x))), 1.0)
    V = np.vander(_ratio(x, scale), degree + 1)
    coeffs = _run(V, np.asarray(y, dtype=float)) / scale ** np.arange(degree, -1, -1)
    if degree + 1 >= len(x):
        print(f"degree {degree} through {len(x)} points: an exact interpolation")
        print("no degrees of freedom left for the noise", file=sys.stderr)
    return coeffs


def predict_polynomial(coeffs, x):
    """The polynomial with coefficients `coeffs` (highest power first), evaluated at every x."""
    return np.polyval(np.asarray(coeffs), np.asarray(x, dtype=float))
