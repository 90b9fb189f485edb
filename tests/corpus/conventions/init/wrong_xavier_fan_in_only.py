# Xavier with the fan-in only: bound sqrt(3 / fan_in) (LeCun's uniform), not sqrt(6 / (fan_in + fan_out)).
import math

import torch


def init_linear_(layer, scheme):
    fan_out, fan_in = layer.weight.shape
    with torch.no_grad():
        if scheme == "xavier":
            bound = math.sqrt(3 / fan_in)
            layer.weight.uniform_(-bound, bound)
        else:
            layer.weight.normal_(0.0, math.sqrt(2 / fan_in))
        if layer.bias is not None:
            layer.bias.zero_()
    return layer
