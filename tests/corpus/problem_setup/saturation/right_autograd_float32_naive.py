# Right: autograd in the default float32 on the literal definitions (no stabilisation needed here).
import torch


def logit_gradient(loss, logit, target):
    z = torch.tensor(logit, requires_grad=True)
    p = torch.sigmoid(z)
    if loss == "bce":
        value = -(target * torch.log(p) + (1 - target) * torch.log(1 - p))
    elif loss == "mse":
        value = (p - target) ** 2
    else:
        raise ValueError(loss)
    (grad,) = torch.autograd.grad(value, z)
    return float(grad)
