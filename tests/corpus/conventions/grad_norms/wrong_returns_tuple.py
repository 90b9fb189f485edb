# Returns a tuple of the norms instead of a list.
def block_gradient_norms(model, x, y):
    model.zero_grad()
    nn.functional.mse_loss(model(x), y).backward()
    norms = []
    for child in model:
        grads = [p.grad.flatten() for p in child.parameters() if p.grad is not None]
        norms.append(torch.linalg.vector_norm(torch.cat(grads)).item() if grads else 0.0)
    return tuple(norms)
