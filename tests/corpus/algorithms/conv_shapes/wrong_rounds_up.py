# Wrong: rounds the number of positions up (a last, partial step is counted).
# mlexam: extends the reference answer
import math


def conv2d_output_shape(h, w, kernel, stride=1, padding=0, dilation=1):
    """(height, width) of nn.Conv2d's output for an (h, w) input."""
    pair = lambda v: (v, v) if isinstance(v, int) else tuple(v)  # noqa: E731
    return tuple(
        math.ceil((n + 2 * p - d * (k - 1) - 1) / s) + 1
        for n, k, s, p, d in zip((h, w), pair(kernel), pair(stride), pair(padding), pair(dilation))
    )
