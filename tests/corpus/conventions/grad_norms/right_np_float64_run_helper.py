# A private helper _run for the gradients, NumPy float64 norms, and a print of the result.
import numpy as np
import torch
from torch import nn


def _run(model, x, y):
    params = [p for p in model.parameters()]
    loss = nn.functional.mse_loss(model(x), y)
    grads = torch.autograd.grad(loss, params, allow_unused=True) if params else ()
    return {id(p): g for p, g in zip(params, grads)}


def block_gradient_norms(model, x, y):
    grads = _run(model, x, y)
    norms = []
    for child in model:
        total = np.float64(0.0)
        for p in child.parameters():
            g = grads.get(id(p))
            if g is not None:
                total += np.sum(g.detach().double().numpy() ** 2)
        norms.append(np.sqrt(total))
    print("block_gradient_norms:", [f"{v:.3g}" for v in norms])
    return norms
