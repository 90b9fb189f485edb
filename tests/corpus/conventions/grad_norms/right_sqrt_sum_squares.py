# Zeroes .grad in place (set_to_none=False), then the square root of the sum of squares by hand.
def block_gradient_norms(model, x, y):
    for p in model.parameters():
        if p.grad is not None:
            p.grad.zero_()
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    out = []
    for layer in model:
        squares = 0.0
        for p in layer.parameters():
            squares = squares + (p.grad ** 2).sum().item()
        out.append(squares ** 0.5)
    return out
