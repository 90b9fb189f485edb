# Wrong: differentiates (p - y)^2 but drops the factor 2.
import math


def logit_gradient(loss, logit, target):
    p = 1 / (1 + math.exp(-logit))
    if loss == "mse":
        return (p - target) * p * (1 - p)
    return p - target
