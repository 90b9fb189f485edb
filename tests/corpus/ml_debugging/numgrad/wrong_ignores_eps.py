# Wrong: ignores the eps it is given and always steps by 1e-5.
def numerical_gradient(f, x, eps=1e-6):
    h = 1e-5
    grad = torch.zeros_like(x)
    flat = x.view(-1)
    for i in range(flat.numel()):
        old = flat[i].item()
        flat[i] = old + h
        f_plus = f(x).item()
        flat[i] = old - h
        f_minus = f(x).item()
        flat[i] = old
        grad.view(-1)[i] = (f_plus - f_minus) / (2 * h)
    return grad
