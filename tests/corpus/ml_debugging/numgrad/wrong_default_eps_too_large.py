# Wrong: a default step of 1e-2, far too large: the central difference measures a secant (truncation error ~1e-5).
def numerical_gradient(f, x, eps=1e-2):
    grad = torch.zeros_like(x)
    flat = x.view(-1)
    for i in range(flat.numel()):
        old = flat[i].item()
        flat[i] = old + eps
        f_plus = f(x).item()
        flat[i] = old - eps
        f_minus = f(x).item()
        flat[i] = old
        grad.view(-1)[i] = (f_plus - f_minus) / (2 * eps)
    return grad
