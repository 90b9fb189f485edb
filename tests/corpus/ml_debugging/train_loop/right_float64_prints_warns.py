# Losses as np.float64 in a list; prints progress, warns on a non-finite loss and writes to stderr.
import sys
import warnings

import numpy as np


def train_on_batch(model, x, y, loss_fn, optimizer, steps):
    losses = []
    for step in range(steps):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        value = np.float64(loss.item())
        losses.append(value)
        if not np.isfinite(value):
            warnings.warn(f"step {step}: the loss is {value}")
            print(f"step {step}: non-finite loss", file=sys.stderr)
        loss.backward()
        optimizer.step()
    print(f"trained {steps} steps")
    return losses
