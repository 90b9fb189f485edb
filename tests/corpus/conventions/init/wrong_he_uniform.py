# He with uniform bounds (kaiming_uniform_): the right variance, the wrong distribution.
from torch import nn


def init_linear_(layer, scheme):
    if scheme == "xavier":
        nn.init.xavier_uniform_(layer.weight)
    else:
        nn.init.kaiming_uniform_(layer.weight, nonlinearity="relu")
    if layer.bias is not None:
        nn.init.zeros_(layer.bias)
    return layer
