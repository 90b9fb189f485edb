# Wrong: flags Softmax, whose backward is right, along with the three wrong ones.
BUGGY = {"Softmax", "LayerNorm", "Linear", "Normalize"}
