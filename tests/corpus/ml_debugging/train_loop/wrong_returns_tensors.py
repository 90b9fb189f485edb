# Returns detached tensors instead of Python floats.
def train_on_batch(model, x, y, loss_fn, optimizer, steps):
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        losses.append(loss.detach())
        loss.backward()
        optimizer.step()
    return losses
