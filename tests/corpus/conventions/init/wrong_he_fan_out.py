# He with the fan-out: std sqrt(2 / out_features).
import math

import torch


def init_linear_(layer, scheme):
    fan_out, fan_in = layer.weight.shape
    with torch.no_grad():
        if scheme == "xavier":
            bound = math.sqrt(6 / (fan_in + fan_out))
            layer.weight.uniform_(-bound, bound)
        else:
            layer.weight.normal_(0.0, math.sqrt(2 / fan_out))
        if layer.bias is not None:
            layer.bias.zero_()
    return layer
