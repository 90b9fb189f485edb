# Private helpers _run and _ratio, a NumPy float64 result, and a warning when the gradient vanishes.
import warnings

import numpy as np


def _run(depth, residual):
    block = ResidualBlock if residual else PlainBlock
    model = nn.Sequential(*[block(32, activation=nn.Sigmoid) for _ in range(depth)])
    x = torch.randn(64, 32)
    y = torch.randn(64, 32)
    return block_gradient_norms(model, x, y)


def _ratio(norms):
    return np.float64(norms[0]) / np.float64(norms[-1])


def gradient_ratio(depth, residual, seed=0):
    torch.manual_seed(seed)
    ratio = _ratio(_run(depth, residual))
    if ratio < 1e-6:
        warnings.warn(f"the gradient vanishes: first/last = {ratio:.2g}")
    return ratio
