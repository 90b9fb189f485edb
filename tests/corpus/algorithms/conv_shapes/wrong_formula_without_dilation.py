# Wrong: the output size ignores dilation, (n + 2p - k) // s + 1.
# mlexam: extends the reference answer
def conv2d_output_shape(h, w, kernel, stride=1, padding=0, dilation=1):
    """(height, width) of nn.Conv2d's output for an (h, w) input."""
    k = (kernel, kernel) if isinstance(kernel, int) else kernel
    s = (stride, stride) if isinstance(stride, int) else stride
    p = (padding, padding) if isinstance(padding, int) else padding
    return tuple((n + 2 * pp - kk) // ss + 1 for n, kk, ss, pp in zip((h, w), k, s, p))
