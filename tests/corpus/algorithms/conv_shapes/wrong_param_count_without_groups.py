# Wrong: the parameter count ignores groups (every output channel would read every input channel).
# mlexam: extends the reference answer
def conv2d_param_count(in_channels, out_channels, kernel, bias=True, groups=1):
    """The number of parameters of nn.Conv2d(in_channels, out_channels, kernel, bias=bias, groups=groups)."""
    kh, kw = (kernel, kernel) if isinstance(kernel, int) else kernel
    return out_channels * in_channels * kh * kw + (out_channels if bias else 0)
