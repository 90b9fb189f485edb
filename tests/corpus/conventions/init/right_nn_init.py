# PyTorch's own initialisers: nn.init.xavier_uniform_, nn.init.kaiming_normal_ (fan-in, ReLU) and nn.init.zeros_.
from torch import nn


def init_linear_(layer, scheme):
    if scheme == "xavier":
        nn.init.xavier_uniform_(layer.weight)
    elif scheme == "he":
        nn.init.kaiming_normal_(layer.weight, mode="fan_in", nonlinearity="relu")
    else:
        raise ValueError(scheme)
    if layer.bias is not None:
        nn.init.zeros_(layer.bias)
    return layer
