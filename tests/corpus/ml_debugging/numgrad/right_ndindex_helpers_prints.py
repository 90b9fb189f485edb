# Right: np.ndindex over x's shape with private helpers, restoring each saved value; it prints, warns and writes to stderr.
import sys
import warnings

import numpy as np


def _central(f, x, index, eps):
    saved = x[index].clone()
    x[index] = saved + eps
    up = f(x).item()
    x[index] = saved - eps
    down = f(x).item()
    x[index] = saved
    return (up - down) / (2 * eps)


def numerical_gradient(f, x, eps=1e-6):
    grad = torch.zeros_like(x)
    for index in np.ndindex(*x.shape):
        grad[index] = _central(f, x, index, eps)
    print(f"numerical_gradient: {x.numel()} elements, eps={eps}")
    warnings.warn("a numerical gradient costs two evaluations of f per element")
    sys.stderr.write("numerical gradient done\n")
    return grad
