# Draws with torch.rand and torch.randn by hand (in float32) and copies the values into the weights in place.
import math

import torch


def init_linear_(layer, scheme):
    out_features, in_features = layer.weight.shape
    if scheme == "xavier":
        a = math.sqrt(6.0 / (in_features + out_features))
        values = (2 * torch.rand(out_features, in_features) - 1) * a
    else:
        values = torch.randn(out_features, in_features) * math.sqrt(2.0 / in_features)
    with torch.no_grad():
        layer.weight.copy_(values)
        if layer.bias is not None:
            layer.bias.fill_(0.0)
    return layer
