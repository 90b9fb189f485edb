# Wrong: returns both derivatives with respect to the probability p instead of the logit.
import math


def logit_gradient(loss, logit, target):
    p = 1 / (1 + math.exp(-logit))
    if loss == "mse":
        return 2 * (p - target)
    return -target / p + (1 - target) / (1 - p)
