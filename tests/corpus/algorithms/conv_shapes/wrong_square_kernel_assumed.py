# Wrong: takes the first number of a kernel pair for both sides (a square kernel), in both functions.
def conv2d_output_shape(h, w, kernel, stride=1, padding=0, dilation=1):
    """(height, width) of nn.Conv2d's output for an (h, w) input."""
    k = kernel if isinstance(kernel, int) else kernel[0]
    pair = lambda v: (v, v) if isinstance(v, int) else tuple(v)  # noqa: E731
    return tuple((n + 2 * p - d * (k - 1) - 1) // s + 1 for n, s, p, d in zip((h, w), pair(stride), pair(padding), pair(dilation)))


def conv2d_param_count(in_channels, out_channels, kernel, bias=True, groups=1):
    """The number of parameters of nn.Conv2d(in_channels, out_channels, kernel, bias=bias, groups=groups)."""
    k = kernel if isinstance(kernel, int) else kernel[0]
    return out_channels * (in_channels // groups) * k * k + (out_channels if bias else 0)
