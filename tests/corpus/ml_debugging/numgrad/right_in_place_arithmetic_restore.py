# Right: perturbs x in place by +eps, -2 eps, +eps (x comes back to within a rounding of where it was).
def numerical_gradient(f, x, eps=1e-6):
    grad = torch.zeros_like(x)
    flat = x.view(-1)
    for i in range(flat.numel()):
        flat[i] += eps
        f_plus = f(x)
        flat[i] -= 2 * eps
        f_minus = f(x)
        flat[i] += eps
        grad.view(-1)[i] = (f_plus - f_minus) / (2 * eps)
    return grad
