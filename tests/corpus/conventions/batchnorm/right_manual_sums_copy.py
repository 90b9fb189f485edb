# Means and variances from explicit sums; the running statistics updated with copy_ of detached values.
import torch


def batch_norm(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    if not training:
        return gamma * (x - running_mean) / (running_var + eps).sqrt() + beta
    n = x.shape[0]
    mean = x.sum(dim=0) / n
    centred = x - mean
    var = (centred * centred).sum(dim=0) / n
    new_mean = (1 - momentum) * running_mean + momentum * mean.detach()
    new_var = (1 - momentum) * running_var + momentum * var.detach() * n / (n - 1)
    running_mean.copy_(new_mean)
    running_var.copy_(new_var)
    return gamma * centred / (var + eps).sqrt() + beta
