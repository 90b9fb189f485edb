# Wrong: returns autograd's gradient, not a numerical one, so it checks nothing (and ignores eps).
def numerical_gradient(f, x, eps=1e-6):
    leaf = x.detach().clone().requires_grad_(True)
    f(leaf).backward()
    return leaf.grad.detach()
