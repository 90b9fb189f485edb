# Wrong: forward differences, (f(x + eps) - f(x)) / eps, whose error is of order eps, not eps squared.
def numerical_gradient(f, x, eps=1e-6):
    grad = torch.zeros_like(x)
    flat = x.view(-1)
    f0 = f(x).item()
    for i in range(flat.numel()):
        old = flat[i].item()
        flat[i] = old + eps
        grad.view(-1)[i] = (f(x).item() - f0) / eps
        flat[i] = old
    return grad
