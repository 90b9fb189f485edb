# Lets clip_grad_norm_ with an infinite limit compute each child's total gradient norm.
def block_gradient_norms(model, x, y):
    model.zero_grad(set_to_none=True)
    nn.MSELoss()(model(x), y).backward()
    norms = []
    for child in model:
        params = [p for p in child.parameters() if p.grad is not None]
        norms.append(float(nn.utils.clip_grad_norm_(params, max_norm=float("inf"))) if params else 0.0)
    return norms
