# A set of NumPy strings, printed after it is made.
import numpy as np

RESIDUAL_TRUE = {np.str_(letter) for letter in "adf"}
print("true statements:", sorted(RESIDUAL_TRUE))
