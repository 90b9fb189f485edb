# Zeroes the gradients after backward, just before the step: the optimizer steps on zero gradients.
def train_on_batch(model, x, y, loss_fn, optimizer, steps):
    losses = []
    for _ in range(steps):
        loss = loss_fn(model(x), y)
        losses.append(loss.item())
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
    return losses
