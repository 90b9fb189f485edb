# Wrong: forgets the chain rule through the sigmoid for MSE (that is the gradient wrt p, not z).
import math


def logit_gradient(loss, logit, target):
    p = 1 / (1 + math.exp(-logit))
    if loss == "mse":
        return 2 * (p - target)
    return p - target
