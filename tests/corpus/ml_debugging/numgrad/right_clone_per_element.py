# Right: a loop over x.view(-1), each difference taken on perturbed copies (x itself is never touched).
def numerical_gradient(f, x, eps=1e-6):
    grad = torch.empty_like(x)
    for i in range(x.numel()):
        plus, minus = x.clone(), x.clone()
        plus.view(-1)[i] += eps
        minus.view(-1)[i] -= eps
        grad.view(-1)[i] = (f(plus) - f(minus)) / (2 * eps)
    return grad
