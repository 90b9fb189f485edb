# Right: torch.where sets the ratio to 0 where both elements are 0; it writes a note to stderr.
import sys


def max_relative_error(a, b):
    diff = (a - b).abs()
    scale = torch.maximum(a.abs(), b.abs())
    ratio = torch.where(scale > 1e-12, diff / scale.clamp_min(1e-300), diff / 1e-12)
    sys.stderr.write(f"comparing {a.numel()} elements\n")
    return float(ratio.max())
