# Draws from NumPy's generator: torch.manual_seed does not make the weights reproducible.
import math

import numpy as np
import torch


def init_linear_(layer, scheme):
    fan_out, fan_in = layer.weight.shape
    if scheme == "xavier":
        bound = math.sqrt(6 / (fan_in + fan_out))
        values = np.random.uniform(-bound, bound, size=(fan_out, fan_in))
    else:
        values = np.random.normal(0.0, math.sqrt(2 / fan_in), size=(fan_out, fan_in))
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(values))
        if layer.bias is not None:
            layer.bias.zero_()
    return layer
