# Records the starting loss and then the loss after every step: steps + 1 values.
def train_on_batch(model, x, y, loss_fn, optimizer, steps):
    losses = [loss_fn(model(x), y).item()]
    for _ in range(steps):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss_fn(model(x), y).item())
    return losses
