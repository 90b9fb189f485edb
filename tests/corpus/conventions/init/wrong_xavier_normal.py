# Xavier from the normal distribution (xavier_normal_) instead of the uniform one.
from torch import nn


def init_linear_(layer, scheme):
    if scheme == "xavier":
        nn.init.xavier_normal_(layer.weight)
    else:
        nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
    if layer.bias is not None:
        nn.init.zeros_(layer.bias)
    return layer
