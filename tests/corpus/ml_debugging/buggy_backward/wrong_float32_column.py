# Wrong: read off the float32 column, where round-off makes every function look broken.
BUGGY = {name for name, row in errors.items() if row["float32"] > 1e-2}
