# Wrong: autograd is right, but it returns the gradient tensor instead of a float.
import torch


def logit_gradient(loss, logit, target):
    z = torch.tensor(logit, dtype=torch.float64, requires_grad=True)
    p = torch.sigmoid(z)
    value = (p - target) ** 2 if loss == "mse" else -(target * torch.log(p) + (1 - target) * torch.log(1 - p))
    value.backward()
    return z.grad
