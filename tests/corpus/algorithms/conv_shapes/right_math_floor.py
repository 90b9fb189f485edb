# Right: math.floor of a true division, pairs unpacked with a helper; the parameter count from the weight's shape.
import math


def _as_pair(v):
    return (v, v) if isinstance(v, int) else (v[0], v[1])


def conv2d_output_shape(h, w, kernel, stride=1, padding=0, dilation=1):
    """(height, width) of nn.Conv2d's output for an (h, w) input."""
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = map(_as_pair, (kernel, stride, padding, dilation))
    out_h = math.floor((h + 2 * ph - dh * (kh - 1) - 1) / sh + 1)
    out_w = math.floor((w + 2 * pw - dw * (kw - 1) - 1) / sw + 1)
    return out_h, out_w


def conv2d_param_count(in_channels, out_channels, kernel, bias=True, groups=1):
    """The number of parameters of nn.Conv2d(in_channels, out_channels, kernel, bias=bias, groups=groups)."""
    kh, kw = _as_pair(kernel)
    weight_shape = (out_channels, in_channels // groups, kh, kw)
    return math.prod(weight_shape) + (out_channels if bias else 0)
