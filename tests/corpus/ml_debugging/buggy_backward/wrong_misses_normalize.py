# Wrong: misses Normalize, whose wrong axis (dim=1) would hide on a 2-D input.
BUGGY = {"LayerNorm", "Linear"}
