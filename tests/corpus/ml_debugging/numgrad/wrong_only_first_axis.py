# Wrong: loops over range(len(x)), the length of the first axis only, so most elements stay 0 (and a 0-d x fails).
def numerical_gradient(f, x, eps=1e-6):
    grad = torch.zeros_like(x)
    flat = x.view(-1)
    for i in range(len(x)):
        old = flat[i].item()
        flat[i] = old + eps
        f_plus = f(x).item()
        flat[i] = old - eps
        f_minus = f(x).item()
        flat[i] = old
        grad.view(-1)[i] = (f_plus - f_minus) / (2 * eps)
    return grad
