# Uses the summed squared error instead of the mean squared error as the loss.
def block_gradient_norms(model, x, y):
    model.zero_grad()
    ((model(x) - y) ** 2).sum().backward()
    norms = []
    for child in model:
        grads = [p.grad.flatten() for p in child.parameters() if p.grad is not None]
        norms.append(torch.linalg.vector_norm(torch.cat(grads)).item() if grads else 0.0)
    return norms
