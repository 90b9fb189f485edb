# Right: NumPy arrays for the pairs; returns np.int64 values (ints for the contract); effective kernel size first.
import numpy as np


def conv2d_output_shape(h, w, kernel, stride=1, padding=0, dilation=1):
    """(height, width) of nn.Conv2d's output for an (h, w) input."""
    size = np.array([h, w])
    k, s, p, d = (np.broadcast_to(np.asarray(v), (2,)) for v in (kernel, stride, padding, dilation))
    span = d * (k - 1) + 1
    out = (size + 2 * p - span) // s + 1
    return (out[0], out[1])


def conv2d_param_count(in_channels, out_channels, kernel, bias=True, groups=1):
    """The number of parameters of nn.Conv2d(in_channels, out_channels, kernel, bias=bias, groups=groups)."""
    k = np.broadcast_to(np.asarray(kernel), (2,))
    return np.int64(out_channels) * (in_channels // groups) * np.prod(k) + (out_channels if bias else 0)
