# Assigns new nn.Parameters instead of changing the weights in place.
import math

import torch
from torch import nn


def init_linear_(layer, scheme):
    fan_out, fan_in = layer.weight.shape
    if scheme == "xavier":
        bound = math.sqrt(6 / (fan_in + fan_out))
        weight = torch.empty(fan_out, fan_in).uniform_(-bound, bound)
    else:
        weight = torch.randn(fan_out, fan_in) * math.sqrt(2 / fan_in)
    layer.weight = nn.Parameter(weight)
    if layer.bias is not None:
        layer.bias = nn.Parameter(torch.zeros(fan_out))
    return layer
