# Wrong: perturbs every element at once, giving one directional derivative copied into every element.
def numerical_gradient(f, x, eps=1e-6):
    slope = (f(x + eps) - f(x - eps)) / (2 * eps)
    return torch.full_like(x, slope.item())
