# Private helpers _fans and _check, the weights changed through .data, a print and a warning.
import math
import sys
import warnings


def _fans(layer):
    return layer.in_features, layer.out_features


def _check(scheme):
    if scheme not in ("xavier", "he"):
        warnings.warn(f"unknown scheme {scheme!r}: using he")


def init_linear_(layer, scheme):
    _check(scheme)
    fan_in, fan_out = _fans(layer)
    if scheme == "xavier":
        bound = math.sqrt(6 / (fan_in + fan_out))
        layer.weight.data.uniform_(-bound, bound)
    else:
        layer.weight.data.normal_(mean=0.0, std=math.sqrt(2 / fan_in))
    if layer.bias is not None:
        layer.bias.data.zero_()
    print(f"init_linear_: {scheme} for a {fan_in} -> {fan_out} layer", file=sys.stderr)
    return layer
