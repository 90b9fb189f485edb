# Wrong: the BCE gradient with its sign flipped (y - p: the direction of the update, not the gradient).
import math


def logit_gradient(loss, logit, target):
    p = 1 / (1 + math.exp(-logit))
    if loss == "mse":
        return 2 * (p - target) * p * (1 - p)
    return target - p
