# Right: the loss written in torch (float64) and differentiated by autograd; NumPy in, NumPy out.
import numpy as np
import torch
import torch.nn.functional as F


def fit_logistic(X, y, lr=0.1, steps=500, l2=0.0):
    """Logistic regression by full-batch gradient descent from zeros; returns (w (d,), b)."""
    Xt = torch.as_tensor(np.asarray(X), dtype=torch.float64)
    yt = torch.as_tensor(np.asarray(y), dtype=torch.float64)
    w = torch.zeros(Xt.shape[1], dtype=torch.float64, requires_grad=True)
    b = torch.zeros((), dtype=torch.float64, requires_grad=True)
    for _ in range(steps):
        loss = F.binary_cross_entropy_with_logits(Xt @ w + b, yt) + l2 / 2 * (w * w).sum()
        grad_w, grad_b = torch.autograd.grad(loss, [w, b])
        with torch.no_grad():
            w -= lr * grad_w
            b -= lr * grad_b
    return w.detach().numpy(), b.item()
