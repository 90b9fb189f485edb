# Records the loss after the update (recomputed), not the loss the step was taken on.
def train_on_batch(model, x, y, loss_fn, optimizer, steps):
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss_fn(model(x), y).item())
    return losses
