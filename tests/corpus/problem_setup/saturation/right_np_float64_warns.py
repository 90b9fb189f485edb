# Right: the analytic gradients as np.float64 (a float subclass) and np.float32 results, with a warning for soft targets.
import warnings

import numpy as np


def logit_gradient(loss, logit, target):
    if target not in (0.0, 1.0):
        warnings.warn(f"soft target {target}", stacklevel=2)
    p = np.float64(1.0) / (1.0 + np.exp(-np.float64(logit)))
    if loss == "mse":
        return np.float64(2.0) * (p - target) * p * (1.0 - p)
    return np.float64(p - target)
