# Right: NumPy on the tensors' values, returning a np.float64 (a subclass of float).
import numpy as np


def max_relative_error(a, b):
    a, b = a.detach().numpy(), b.detach().numpy()
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-12)
    return np.max(np.abs(a - b) / scale)
