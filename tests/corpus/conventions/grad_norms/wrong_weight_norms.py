# Returns the norm of each child's parameters (the weights), not of their gradients.
def block_gradient_norms(model, x, y):
    model.zero_grad()
    nn.functional.mse_loss(model(x), y).backward()
    norms = []
    for child in model:
        params = [p.detach().flatten() for p in child.parameters()]
        norms.append(torch.linalg.vector_norm(torch.cat(params)).item() if params else 0.0)
    return norms
