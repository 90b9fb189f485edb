# Right: the analytic gradients with NumPy (returns numpy.float64, a float subclass).
import numpy as np


def logit_gradient(loss, logit, target):
    p = 0.5 * (1 + np.tanh(0.5 * logit))      # sigmoid, written with tanh
    slope = p * (1 - p)
    error = p - target
    return 2 * error * slope if loss == "mse" else error
