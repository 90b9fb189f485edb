# Wrong: the gradient buffer is torch.zeros(x.shape), float32, so every entry is rounded to 7 digits.
def numerical_gradient(f, x, eps=1e-6):
    grad = torch.zeros(x.shape)
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
