# Right: autograd on the literal definitions, in float64, returned with .item().
import torch


def logit_gradient(loss, logit, target):
    z = torch.tensor(float(logit), dtype=torch.float64, requires_grad=True)
    p = torch.sigmoid(z)
    if loss == "mse":
        value = (p - target) ** 2
    else:
        value = -(target * torch.log(p) + (1 - target) * torch.log(1 - p))
    value.backward()
    return z.grad.item()
