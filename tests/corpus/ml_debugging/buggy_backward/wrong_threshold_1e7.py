# Wrong: a threshold of 1e-7 taken too literally, which also flags Swish (1.6e-7: round-off, not a bug).
BUGGY = {name for name, row in errors.items() if row["float64"] > 1e-7}
