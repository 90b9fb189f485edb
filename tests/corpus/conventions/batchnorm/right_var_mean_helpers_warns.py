# torch.var_mean with correction=0 and unbiased=True, private helpers _stats and _update, and a warning and a print.
import sys
import warnings

import torch


def _stats(x):
    var, mean = torch.var_mean(x, dim=0, correction=0)
    return mean, var


def _update(running, value, momentum):
    with torch.no_grad():
        running.lerp_(value, momentum)


def batch_norm(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    if training:
        mean, var = _stats(x)
        _update(running_mean, mean, momentum)
        _update(running_var, torch.var(x, dim=0, unbiased=True), momentum)
        if x.shape[0] < 4:
            warnings.warn("batch_norm: a very small batch gives noisy statistics")
    else:
        mean, var = running_mean, running_var
        print("batch_norm: evaluation mode", file=sys.stderr)
    return torch.rsqrt(var + eps) * (x - mean) * gamma + beta
