# torch.autograd.grad (never touches .grad), with the sum of squares accumulated in float64.
import math

import torch
from torch import nn


def block_gradient_norms(model, x, y):
    children = list(model.children())
    params = [list(child.parameters()) for child in children]
    flat = [p for ps in params for p in ps]
    loss = nn.functional.mse_loss(model(x), y)
    grads = torch.autograd.grad(loss, flat, allow_unused=True) if flat else ()
    result, i = [], 0
    for ps in params:
        total = 0.0
        for g in grads[i:i + len(ps)]:
            if g is not None:
                total += float((g.double() ** 2).sum())
        i += len(ps)
        result.append(math.sqrt(total))
    return result
