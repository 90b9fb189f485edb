# Wrong: never restores x: every element is left eps below where it was, and later differences start from there.
def numerical_gradient(f, x, eps=1e-6):
    grad = torch.zeros_like(x)
    flat = x.view(-1)
    for i in range(flat.numel()):
        flat[i] += eps
        f_plus = f(x).item()
        flat[i] -= 2 * eps
        f_minus = f(x).item()
        grad.view(-1)[i] = (f_plus - f_minus) / (2 * eps)
    return grad
