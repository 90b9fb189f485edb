# Skips a non-finite loss (neither recorded nor stepped on) instead of recording it.
import math


def train_on_batch(model, x, y, loss_fn, optimizer, steps):
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        if not math.isfinite(loss.item()):
            continue
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    return losses
